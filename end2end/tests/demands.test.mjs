// Demands: the public list with its filters (a GET form), a demand's page,
// and the thread: submit to two authorities → the authority asks for a
// clarification (the clock pauses) → the body clarifies → the authority
// reports it implemented → the body contests it; the timeline shows it all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, assertAccessible, assertAccessibleWithoutScripts, BASE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function submit(page, button) {
  await Promise.all([page.waitForNavigation(), page.click(button)]);
}

test('the public list filters without JavaScript and links to each demand', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/demands`);
  await assertAccessible(page);
  await page.selectOption('#f-body', 'consejo-tijuana');
  await submit(page, 'form.demand-filters button[type=submit]');
  assert.match(page.url(), /body=consejo-tijuana/);
  assert.equal(await page.inputValue('#f-body'), 'consejo-tijuana');
  await submit(page, 'a.demand-title >> nth=0');
  assert.match(page.url(), /\/bodies\/consejo-tijuana\/demands\//);
  assert.match(await page.textContent('#referrals-h'), /Respuestas/);
  await assertAccessible(page);
  await assertAccessibleWithoutScripts(browser, `${BASE}/demands?topic=documentation&q=a`);
  assert.deepEqual(page.errors, []);
});

test('a demand to two authorities: clarification, answer and a contested verdict', async () => {
  const page = await newPage(browser);
  await page.goto(process.env.DEMANDS_ADMIN_URL);
  await page.fill('#accept-name', 'Enlace de Demandas');
  await page.fill('#accept-password', 'clave de demandas 1');
  await page.fill('#accept-confirm', 'clave de demandas 1');
  await submit(page, 'main form button[type=submit]');

  await page.goto(`${BASE}/bodies/consejo-tijuana/demands/new`);
  await assertAccessible(page);
  // Nothing chosen: the problems come back, the typing kept.
  await page.fill('#demand-title', 'Intérpretes en las audiencias de asilo');
  await submit(page, 'main form button[type=submit]');
  assert.match(await page.textContent('.alert.error'), /obligatorio|Falta/i);
  assert.equal(await page.inputValue('#demand-title'), 'Intérpretes en las audiencias de asilo');
  await page.fill('#demand-text', 'Pedimos intérpretes de **kreyòl** y garífuna. <script>window.__xss=1</script>');
  await page.selectOption('#demand-topic', 'asylum');
  await page.check('#demand-authority-comar');
  await page.check('#demand-authority-inm');
  await submit(page, 'main form button[type=submit]');
  assert.match(page.url(), /\/demands\/\d{4}-\d{3}\?done=submitted$/);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.locator('article.referral').count(), 2);
  await assertAccessible(page);
  const demandUrl = page.url().split('?')[0];

  // The authority's inbox lists it; the official opens it from there.
  await page.goto(`${BASE}/inbox?authority=comar&status=awaiting`);
  await assertAccessible(page);
  await submit(page, 'a.demand-title:has-text("Intérpretes en las audiencias de asilo")');
  assert.equal(page.url().split('#')[0], demandUrl);

  // The thread itself with the application's scripts blocked: plain forms.
  const nojs = await browser.newContext({ locale: 'es-MX', storageState: await page.context().storageState() });
  await nojs.route(/\.(js|wasm)(\?.*)?$/, (route) => route.abort());
  const thread = await nojs.newPage();
  await thread.goto(demandUrl);
  await threadSteps(thread);
  await nojs.close();
  await page.goto(demandUrl);
  const comar = page.locator('article.referral', { hasText: 'Comisión Mexicana de Ayuda a Refugiados' });
  const timeline = await comar.locator('ol.timeline').textContent();
  for (const step of [/Acuse de recibo/, /pidió una aclaración/, /El consejo aclaró/, /Informada como cumplida/, /no quedó satisfecho/]) {
    assert.match(timeline, step);
  }
  assert.equal(await comar.locator('a[href="https://example.org/contrato.pdf"]').count(), 1);
  await assertAccessible(page);

  // The public sees the thread, and no forms.
  const visitor = await newPage(browser);
  await visitor.goto(demandUrl);
  assert.match(await visitor.textContent('main'), /Informada como cumplida/);
  assert.equal(await visitor.locator('article.referral form').count(), 0);
  await assertAccessible(visitor);
  // (The refused form above answered 422 on purpose.)
  assert.deepEqual(page.errors.filter((e) => !/status of 422/.test(e)), []);
  assert.deepEqual(visitor.errors, []);
});

/** Acknowledge → ask for a clarification → clarify → implemented → contest. */
async function threadSteps(page) {
  const card = 'article.referral:has-text("Comisión Mexicana de Ayuda a Refugiados")';
  const comar = page.locator(card);
  await comar.locator('select[name=kind]').selectOption('acknowledged');
  await submit(page, `${card} form[action$="/events"] >> nth=0 >> button`);
  assert.match(page.url(), /done=event/);
  await comar.locator('select[name=kind]').selectOption('clarification_requested');
  await comar.locator('textarea[name=text]').fill('¿En qué sedes?');
  await submit(page, `${card} form[action$="/events"] >> nth=0 >> button`);
  assert.match(await comar.textContent(), /Plazo en pausa/);
  await comar.locator('form:has(input[value=clarification_provided]) textarea').fill('Tijuana y Tapachula.');
  await submit(page, `${card} form:has(input[value=clarification_provided]) button`);
  await comar.locator('select[name=kind]').selectOption('implemented');
  await comar.locator('textarea[name=text]').fill('Contratamos intérpretes.');
  await comar.locator('input[name=evidence_url]').fill('https://example.org/contrato.pdf');
  await submit(page, `${card} form[action$="/events"] >> nth=0 >> button`);
  await comar.locator('select[name=verdict]').selectOption('unsatisfied');
  await comar.locator('form[action$="/verdicts"] textarea').fill('Solo en una sede.');
  await submit(page, `${card} form[action$="/verdicts"] button`);
  assert.match(page.url(), /done=verdict/);
}
