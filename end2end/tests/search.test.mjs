// Site search as the public uses it: from the header's box, on a phone
// without JavaScript (a plain GET form) and on a desktop with it, in Spanish
// and English; results with the words marked, a filter that narrows them,
// a result that leads to its page; axe clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, assertAccessible, assertAccessibleWithoutScripts, waitForHydration, BASE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

test('search from the header on a phone without JavaScript, in Spanish', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false, viewport: PHONE });
  await page.goto(`${BASE}/`);
  await page.fill('#header-q', 'regularizacion');
  await Promise.all([page.waitForURL(/\/buscar\?q=regularizacion$/), page.press('#header-q', 'Enter')]);
  assert.equal(await page.textContent('h1'), 'Buscar');
  assert.equal(await page.inputValue('#s-q'), 'regularizacion');
  // Found without its accent, the word marked in the titles.
  const count = await page.textContent('.count');
  assert.match(count, /^\d+ resultados para «regularizacion»/);
  const marked = await page.$$eval('.search-hit-title mark', (ms) => ms.map((m) => m.textContent));
  assert.ok(marked.some((m) => /^Regularización$/i.test(m)), `marked: ${marked}`);
  // The page fits the phone: nothing wider than the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= PHONE.width, `page is ${overflow}px wide`);
  await page.screenshot({ path: 'screenshots/search-es-390.png', fullPage: true });
  // A result leads to its page.
  const href = await page.getAttribute('.search-hit-title', 'href');
  const resp = await page.goto(`${BASE}${href}`);
  assert.equal(resp.status(), 200);
  await assertAccessibleWithoutScripts(browser, `${BASE}/buscar?q=regularizacion`);
  assert.deepEqual(page.errors, []);
});

test('search and narrow by kind on a desktop with JavaScript, in English', async () => {
  const page = await newPage(browser, { locale: 'en-US', viewport: DESKTOP });
  await page.goto(`${BASE}/`);
  await waitForHydration(page);
  await page.fill('#header-q', 'sesion');
  await Promise.all([page.waitForURL(/\/buscar\?q=sesion$/), page.press('#header-q', 'Enter')]);
  await page.waitForSelector('.search-hit');
  assert.equal(await page.textContent('h1'), 'Search');
  const all = Number((await page.textContent('.count')).split(' ')[0]);
  assert.ok(all > 1, `found ${all}`);
  // The filters are folded until asked for.
  await page.click('.search-filters summary');
  await page.selectOption('#s-kind', 'meeting');
  await Promise.all([page.waitForURL(/kind=meeting/), page.click('.search-form button[type=submit]')]);
  await page.waitForSelector('.search-hit');
  const kinds = await page.$$eval('.search-hit-meta .badge', (bs) => bs.map((b) => b.textContent));
  assert.ok(kinds.length > 0 && kinds.every((k) => k === 'Meeting'), `kinds: ${kinds}`);
  const some = Number((await page.textContent('.count')).split(' ')[0]);
  assert.ok(some > 0 && some <= all, `${some} of ${all}`);
  assert.match(await page.textContent('.count'), /results? for «sesion»/);
  await page.screenshot({ path: 'screenshots/search-en-1280.png', fullPage: true });
  await assertAccessible(page);
  assert.deepEqual(page.errors, []);
});

test('an empty search explains how to search; nothing found says what to try', async () => {
  for (const [locale, viewport, empty, none] of [
    ['es-MX', PHONE, /Escriba una o más palabras/, /Nada encontrado/],
    ['en-US', DESKTOP, /Type one or more words/, /Nothing found/],
  ]) {
    const page = await newPage(browser, { locale, viewport, javaScriptEnabled: false });
    await page.goto(`${BASE}/buscar`);
    assert.match(await page.textContent('.search-help'), empty);
    await page.goto(`${BASE}/buscar?q=zzzqqqxx`);
    assert.match(await page.textContent('.empty'), none);
    await assertAccessibleWithoutScripts(browser, `${BASE}/buscar?q=zzzqqqxx`);
  }
});
