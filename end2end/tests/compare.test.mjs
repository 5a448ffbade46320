// Comparing, as a journalist does: two authorities side by side on a phone
// without JavaScript (a plain GET form) in Spanish, starting from the
// authorities' page; from an authority's own page on a desktop with
// JavaScript in English; three councils with a trend figure of their own.
// Each figure equals the API's at the same date, and its number opens the
// list that holds it; the layout fits a phone; axe clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, assertAccessible, assertAccessibleWithoutScripts, BASE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const DATE = '2026-06-30';

async function api(path) {
  const r = await fetch(`${BASE}${path}`);
  assert.equal(r.status, 200, path);
  return r.json();
}

/// The values of one figure's card, in the compared order.
async function values(page, id) {
  const card = page.locator(`.compare-figure:has(a.define[href="/methodology#${id}"])`);
  return card.locator('.compare-value').allTextContents();
}

test('two authorities side by side on a phone without JavaScript, in Spanish', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false, viewport: PHONE });
  await page.goto(`${BASE}/authorities?as_of=${DATE}`);
  await Promise.all([page.waitForURL(/\/comparar\?kind=authorities/), page.click('a[href^="/comparar"]')]);
  assert.equal(await page.textContent('h1'), 'Comparar');
  assert.match(await page.textContent('.empty'), /Elija al menos dos/);
  await page.selectOption('#compare-k0', 'inm');
  await page.selectOption('#compare-k1', 'comar');
  await Promise.all([page.waitForURL(/k=inm&k=comar/), page.click('.compare-form button[type=submit]')]);
  assert.match(page.url(), /as_of=2026-06-30/);
  const [inm, comar] = await Promise.all([
    api(`/api/v1/authorities/inm/metrics?as_of=${DATE}`),
    api(`/api/v1/authorities/comar/metrics?as_of=${DATE}`),
  ]);
  // The figures are the API's, in the order picked.
  assert.deepEqual((await values(page, 'referrals')).map(Number), [inm.answers.referrals, comar.answers.referrals]);
  assert.deepEqual((await values(page, 'answered')).map(Number), [inm.answers.answered, comar.answers.answered]);
  const basis = await page
    .locator('.compare-figure:has(a.define[href="/methodology#response_rate"]) .stat-basis')
    .allTextContents();
  assert.deepEqual(basis, [
    `${inm.answers.answered} de ${inm.answers.considered}`,
    `${comar.answers.answered} de ${comar.answers.considered}`,
  ]);
  // One figure to a card, each with its definition, one compared under another.
  const cards = await page.locator('.compare-figure').count();
  assert.ok(cards >= 10, `${cards} cards`);
  assert.equal(await page.locator('.compare-figure:has(a.define)').count(), cards);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= PHONE.width, `page is ${overflow}px wide`);
  await page.screenshot({ path: 'screenshots/compare-es-390.png', fullPage: true });
  // Its number opens the list that holds it.
  const link = page.locator('.compare-figure:has(a.define[href="/methodology#referrals"]) .compare-value a').first();
  await Promise.all([page.waitForNavigation(), link.click()]);
  assert.match(page.url(), /\/referrals\?as_of=2026-06-30T23%3A59%3A59Z&authority=inm&window=1/);
  assert.equal(Number(await page.getAttribute('#referrals-total strong', 'data-total')), inm.answers.referrals);
  await assertAccessibleWithoutScripts(browser, `${BASE}/comparar?kind=authorities&k=inm&k=comar&as_of=${DATE}`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('from an authority page on a desktop with JavaScript, in English', async () => {
  const page = await newPage(browser, { locale: 'en-US', viewport: DESKTOP });
  await page.goto(`${BASE}/authorities/comar?as_of=${DATE}`);
  await Promise.all([page.waitForURL(/\/comparar\?kind=authorities&k=comar/), page.click('text=Compare with others')]);
  assert.equal(await page.textContent('h1'), 'Compare');
  assert.equal(await page.inputValue('#compare-k0'), 'comar');
  assert.match(await page.textContent('.empty'), /Pick at least two/);
  await page.selectOption('#compare-k1', 'inm');
  await page.selectOption('#compare-trend', 'on_time_rate');
  await Promise.all([page.waitForURL(/trend=on_time_rate/), page.click('.compare-form button[type=submit]')]);
  await page.waitForSelector('.compare-figure');
  const inm = await api(`/api/v1/authorities/inm/metrics?as_of=${DATE}`);
  assert.equal(Number((await values(page, 'overdue_open'))[1]), inm.answers.overdue_open);
  // The trend: one line per authority, its numbers in a table.
  const trend = page.locator('#trend-compare-title');
  assert.match(await trend.textContent(), /^Answered on time · Trend/);
  assert.equal(await page.locator('figure.trend .legend li').count(), 2);
  assert.equal(await page.locator('figure.trend thead th').count(), 9);
  await page.screenshot({ path: 'screenshots/compare-en-1280.png', fullPage: true });
  await assertAccessible(page);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('three councils with a trend of their own, in both languages and widths', async () => {
  const url = `${BASE}/comparar?kind=bodies&k=consejo-tijuana&k=consejo-cdmx&k=consejo-nacional&as_of=${DATE}&trend=regularity_score`;
  const tijuana = await api(`/api/v1/bodies/consejo-tijuana/metrics?as_of=${DATE}`);
  for (const [locale, viewport, javaScriptEnabled, shot] of [
    ['es-MX', DESKTOP, false, 'compare-bodies-es-1280.png'],
    ['en-US', PHONE, true, 'compare-bodies-en-390.png'],
  ]) {
    const page = await newPage(browser, { locale, viewport, javaScriptEnabled });
    await page.goto(url);
    assert.equal(await page.locator('.compare-pages li').count(), 3);
    assert.equal(Number((await values(page, 'members_active'))[0]), tijuana.composition.members_active);
    assert.equal(Number((await values(page, 'meetings_held'))[0]), tijuana.meetings.meetings_held);
    assert.equal(await page.locator('figure.trend .legend li').count(), 3);
    assert.equal(await page.inputValue('#compare-trend'), 'regularity_score');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= viewport.width, `page is ${overflow}px wide`);
    await page.screenshot({ path: `screenshots/${shot}`, fullPage: true });
    if (javaScriptEnabled) await assertAccessible(page);
    else await assertAccessibleWithoutScripts(browser, url);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});
