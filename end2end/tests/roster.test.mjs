// The body page's composition and public roster, and the roster CSV import
// with its preview of problems — without the application's JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, assertAccessible, assertAccessibleWithoutScripts, BASE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function submit(page, button) {
  await Promise.all([page.waitForNavigation(), page.click(button)]);
}

test('the body page shows the composition on a chosen date, with charts and tables', async () => {
  const page = await newPage(browser);
  const resp = await page.goto(`${BASE}/bodies/consejo-tijuana`);
  assert.equal(resp.status(), 200);
  assert.match(await page.textContent('#comp-h'), /Composición/);
  assert.equal(await page.locator('figure.chart svg[role=img]').count() >= 2, true);
  assert.equal(await page.locator('figure.chart table').count() >= 2, true);
  assert.equal(await page.locator('main').innerHTML().then((h) => h.includes('@example.org')), false, 'no e-mail');
  await assertAccessible(page);
  // The date picker is a GET form: it works without JavaScript.
  await assertAccessibleWithoutScripts(browser, `${BASE}/bodies/consejo-tijuana?as_of=2024-01-15`);
  await page.fill('#as-of', '2024-01-15');
  await submit(page, 'section.composition form.as-of button');
  assert.match(page.url(), /as_of=2024-01-15/);
  assert.equal(await page.inputValue('#as-of'), '2024-01-15');
  assert.deepEqual(page.errors, []);
});

test('a roster CSV with problems is previewed, line by line, and nothing is saved', async () => {
  const context = await browser.newContext({ locale: 'es-MX' });
  await context.route(/\.(js|wasm)(\?.*)?$/, (route) => route.abort());
  const page = await context.newPage();
  await page.goto(process.env.ROSTER_ADMIN_URL);
  await page.fill('#accept-name', 'Padrón Admin');
  await page.fill('#accept-password', 'clave del padron 1');
  await page.fill('#accept-confirm', 'clave del padron 1');
  await submit(page, 'main form button[type=submit]');

  await page.goto(`${BASE}/bodies/consejo-tijuana/members/import`);
  await assertAccessible(page);
  const bad = 'key,name,role,gender,migrant_group,term_start\nm01,,boss,woman,transit,2026-02-30\n';
  await page.fill('#csv-text', bad);
  await submit(page, 'main form:not(.confirm-form) button[type=submit]');
  const problems = await page.textContent('table.problems');
  assert.match(problems, /name/);
  assert.match(problems, /no es uno de los valores permitidos/);
  // The value found and the values the column takes.
  assert.match(problems, /«boss»/);
  assert.match(problems, /chair, secretary, representative, alternate/);
  assert.match(problems, /no es una fecha/);
  assert.equal(await page.locator('.confirm-form').count(), 0, 'no way to save while problems remain');
  assert.equal(await page.inputValue('#csv-text'), bad, 'the text typed comes back');
  await assertAccessible(page);

  // Fixed: previewed, then saved.
  const good = 'key,name,role,gender,migrant_group,term_start,public\nnuevo-1,Persona Nueva,representative,woman,transit,2026-01-01,true\n';
  await page.fill('#csv-text', good);
  await submit(page, 'main form:not(.confirm-form) button[type=submit]');
  assert.match(await page.textContent('main'), /integrante nuevo/);
  await submit(page, '.confirm-form button');
  assert.match(page.url(), /\/bodies\/consejo-tijuana\/members\?done=imported&count=1$/);
  assert.match(await page.textContent('main'), /Persona Nueva/);
  await assertAccessible(page);

  // Editing: a wrong date comes back beside its field; then a withdrawal is recorded.
  await page.goto(`${BASE}/bodies/consejo-tijuana/members/nuevo-1/edit`);
  await assertAccessible(page);
  await page.fill('#member-withdrawn_on', '2025-06-01');
  await submit(page, 'main form[action$="/edit"] button[type=submit]');
  assert.match(await page.textContent('#member-withdrawn_on-error'), /anterior al inicio/);
  await assertAccessible(page);
  await page.fill('#member-withdrawn_on', '2026-10-01');
  await submit(page, 'main form[action$="/edit"] button[type=submit]');
  assert.match(page.url(), /done=saved$/);
  assert.equal(await page.inputValue('#member-withdrawn_on'), '2026-10-01');
  // Renewing keeps the earlier term and opens the new record.
  await page.fill('#renew-term_start', '2027-01-01');
  await submit(page, 'main form[action$="/renew"] button[type=submit]');
  assert.match(page.url(), /\/members\/nuevo-2\/edit\?done=renewed/);
  await context.close();
});
