// Where the councils are: the map by state with its table and its words,
// on a phone without JavaScript in Spanish and on a desktop with it in
// English (reached from the home page), and a council's own state on its
// page; the numbers are the API's; axe clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, assertAccessible, assertAccessibleWithoutScripts, BASE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

async function api(path) {
  const r = await fetch(`${BASE}${path}`);
  assert.equal(r.status, 200, path);
  return r.json();
}

/// A state's row of the table: [state councils, municipal, seat holders].
async function row(page, state) {
  const cells = await page.locator('.map-table tbody tr', { has: page.locator(`th:text-is("${state}")`) }).locator('td').allTextContents();
  return cells.map(Number);
}

test('the map by state on a phone without JavaScript, in Spanish', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false, viewport: PHONE });
  await page.goto(`${BASE}/mapa?as_of=2026-06-30`);
  assert.equal(await page.textContent('h1'), 'Dónde están los consejos');
  const tijuana = await api('/api/v1/bodies/consejo-tijuana/metrics?as_of=2026-06-30');
  assert.deepEqual(await row(page, 'Baja California'), [0, 1, tijuana.composition.members_active]);
  assert.equal(await page.locator('.map-svg path').count(), 32);
  assert.equal(await page.locator('.map-legend li').count(), 5);
  assert.match(await page.textContent('#map-caption'), /consejos en \d+ de los 32 estados/);
  assert.match(await page.textContent('.map-credit'), /CC BY 4\.0/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= PHONE.width, `page is ${overflow}px wide`);
  await page.screenshot({ path: 'screenshots/map-es-390.png', fullPage: true });
  await assertAccessibleWithoutScripts(browser, `${BASE}/mapa?as_of=2026-06-30`);
  // A council's page shows its state.
  await page.goto(`${BASE}/bodies/consejo-tijuana`);
  assert.match(await page.textContent('.place-map figcaption'), /Baja California/);
  assert.equal(await page.locator('.place-map path.map-here').count(), 1);
  await page.screenshot({ path: 'screenshots/place-es-390.png' });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the map from the home page on a desktop with JavaScript, in English', async () => {
  const page = await newPage(browser, { locale: 'en-US', viewport: DESKTOP });
  await page.goto(`${BASE}/`);
  await Promise.all([page.waitForURL(/\/mapa$/), page.click('text=Map of the councils')]);
  assert.equal(await page.textContent('h1'), 'Where the councils are');
  const bodies = await api('/api/v1/bodies');
  const national = bodies.filter((b) => b.level === 'national' || b.level === 'transnational');
  const consular = bodies.filter((b) => b.level === 'consular');
  assert.equal(await page.locator('#map-national li').count(), national.length);
  assert.equal(await page.locator('#map-consular li').count(), consular.length);
  await page.screenshot({ path: 'screenshots/map-en-1280.png', fullPage: true });
  await assertAccessible(page);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/// The origins table's rows by country: { name: seat holders }.
async function origins(page) {
  const rows = await page.locator('#origins-table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector('th').textContent, Number(tr.querySelector('td.num').textContent)]));
  return Object.fromEntries(rows);
}

test('where seat holders come from, on a phone without JavaScript, in Spanish', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false, viewport: PHONE });
  await page.goto(`${BASE}/mapa?as_of=2026-06-30`);
  await Promise.all([page.waitForURL(/\/mapa\/origenes/), page.click('text=De dónde vienen las personas titulares')]);
  assert.equal(await page.textContent('h1'), 'De dónde vienen las personas titulares');
  // Every row of 3 or more; the rest together; the total is the API's.
  const rows = await origins(page);
  const bodies = await api('/api/v1/bodies');
  let total = 0;
  for (const b of bodies) {
    total += (await api(`/api/v1/bodies/${b.key}/metrics`)).composition.members_active;
  }
  assert.equal(Number(await page.textContent('#origins-table tfoot td')), total);
  for (const [name, n] of Object.entries(rows)) {
    if (!name.startsWith('Otros') && !name.startsWith('Sin')) assert.ok(n >= 3, `${name}: ${n}`);
  }
  assert.ok(rows['México'] >= 3);
  assert.equal(await page.locator('.world-svg path').count() > 200, true);
  assert.equal(await page.locator('.close-up-svg use').count(), 1);
  assert.match(await page.textContent('.map-credit'), /@svg-maps\/world.*CC BY 4\.0/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= PHONE.width, `page is ${overflow}px wide`);
  await page.screenshot({ path: 'screenshots/origins-es-390.png', fullPage: true });
  await assertAccessibleWithoutScripts(browser, `${BASE}/mapa/origenes`);
  // One council, picked with the form: its regions against its seat holders'.
  await page.selectOption('#origins-body', 'consejo-cdmx');
  await Promise.all([page.waitForURL(/body=consejo-cdmx/), page.click('.origins-form button')]);
  assert.match(await page.textContent('#origins-h'), /Consejo/);
  assert.ok(await page.locator('#regions-table tbody tr').count() >= 4);
  await page.screenshot({ path: 'screenshots/origins-council-es-390.png', fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a council's origins from its page, on a desktop with JavaScript, in English", async () => {
  const page = await newPage(browser, { locale: 'en-US', viewport: DESKTOP });
  await page.goto(`${BASE}/bodies/consejo-nacional`);
  await Promise.all([page.waitForURL(/\/mapa\/origenes\?body=consejo-nacional/), page.click('text=Countries and regions its seat holders come from')]);
  assert.equal(await page.textContent('h1'), 'Where seat holders come from');
  const metrics = await api('/api/v1/bodies/consejo-nacional/metrics');
  assert.equal(Number(await page.textContent('#origins-table tfoot td')), metrics.composition.members_active);
  assert.match(await page.textContent('#regions-sentence'), /region/i);
  await page.screenshot({ path: 'screenshots/origins-en-1280.png', fullPage: true });
  await assertAccessible(page);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
