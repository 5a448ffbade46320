// The public dashboards: the national overview on the home page, a body's
// four dimensions with its trend, an authority's page; in both languages,
// axe clean, readable and usable (the "as of" picker) without JavaScript,
// and every drill-down link leads to the list that holds the number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, assertAccessible, assertAccessibleWithoutScripts, BASE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function api(path) {
  const r = await fetch(`${BASE}${path}`);
  assert.equal(r.status, 200, path);
  return r.json();
}

test('the national overview ranks bodies and authorities, low samples apart, in both languages', async () => {
  for (const [locale, heading, ranking] of [
    ['es-MX', 'Panorama nacional', 'Consejos por respuesta obtenida'],
    ['en-US', 'National overview', 'Bodies by answers obtained'],
  ]) {
    const page = await newPage(browser, { locale });
    await page.goto(`${BASE}/?as_of=2026-06-30`);
    assert.equal(await page.textContent('#overview-h'), heading);
    assert.ok((await page.textContent('#rank-resp')).startsWith(ranking));
    // Rankings are sorted best first; each score says its scale.
    const scores = await page.locator('#rank-resp + ol .rank-score').allTextContents();
    assert.ok(scores.every((s) => s.endsWith('/100')));
    const numbers = scores.map((s) => s.replace('/100', '')).filter((s) => s !== '—').map(Number);
    assert.ok(numbers.length > 0);
    assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a));
    // Authorities with fewer than five considered referrals are apart and marked.
    const low = page.locator('.ranking:has(#rank-auth) details.low-sample .badge.low');
    assert.ok((await low.count()) > 0);
    // The most overdue referrals, most overdue first.
    const days = (await page.locator('#overdue-h + .table-wrap td.num').allTextContents()).map(Number);
    assert.ok(days.length > 0);
    assert.deepEqual(days, [...days].sort((a, b) => b - a));
    // The totals equal the API's figures summed over the bodies.
    const csv = await (await fetch(`${BASE}/api/v1/bodies.csv?as_of=2026-06-30`)).text();
    const [header, ...rows] = csv.trim().split('\n').map((l) => l.split(','));
    const col = header.indexOf('overdue_open');
    const overdue = rows.reduce((s, r) => s + Number(r[col]), 0);
    const shown = await page.locator('a.stat-link[href*="overdue=1"] .stat-value').textContent();
    assert.equal(Number(shown), overdue);
    await assertAccessible(page);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

test('a body dashboard shows the four dimensions, the trend and links each figure to its list', async () => {
  // In English first: the same figures under English words.
  const en = await newPage(browser, { locale: 'en-US' });
  await en.goto(`${BASE}/bodies/consejo-cdmx?as_of=2026-06-30`);
  assert.equal(await en.textContent('#dash-h'), 'Accountability');
  assert.equal(await en.textContent('#dim-ans'), 'Answers');
  assert.match(await en.locator('figure.trend svg').getAttribute('aria-label'), /Responsiveness: (—|\d+), /);
  await assertAccessible(en);
  assert.deepEqual(en.errors, []);
  await en.context().close();

  const page = await newPage(browser);
  await page.goto(`${BASE}/bodies/consejo-cdmx?as_of=2026-06-30#dash-h`);
  const metrics = await api('/api/v1/bodies/consejo-cdmx/metrics?as_of=2026-06-30');
  for (const id of ['#dim-comp', '#dim-meet', '#dim-dem', '#dim-ans']) {
    assert.equal(await page.locator(id).count(), 1, id);
  }
  const score = await page.locator('#dim-ans + .score .score-value').textContent();
  assert.equal(Number(score), Math.round(metrics.scores.responsiveness_score));
  // The trend: an SVG image with a text alternative, the numbers in a table.
  const trend = page.locator('figure.trend');
  assert.match(await trend.locator('svg').getAttribute('aria-label'), /Respuesta: (—|\d+), /);
  assert.equal(await trend.locator('thead th').count(), 9); // label + eight quarters
  // Drill-down: a topic's bar links to the demands it counts.
  const link = page.locator('#chart-topics-title ~ .chart-body a').first();
  const href = await link.getAttribute('href');
  const topic = new URL(href, BASE).searchParams.get('topic');
  const listed = await api(`/api/v1${href.replace('/demands', '/demands')}`);
  assert.equal(listed.total, metrics.demands.topics[topic]);
  await Promise.all([page.waitForNavigation(), link.click()]);
  assert.match(page.url(), new RegExp(`/demands\\?as_of=2026-06-30T23%3A59%3A59Z&window=1&body=consejo-cdmx&topic=${topic}`));
  assert.match(await page.textContent('.as-of-note'), /365/);
  assert.equal(Number((await page.textContent('p.count')).match(/\d+/)[0]), metrics.demands.topics[topic]);
  // Every figure, score and chart of the body's page links to its
  // definition; the meetings held open the meetings they count.
  await page.goto(`${BASE}/bodies/consejo-cdmx?as_of=2026-06-30`);
  for (const sel of ['.stat', '.dimension dl > div', 'figure.chart', '.score']) {
    const n = await page.locator(sel).count();
    assert.ok(n > 0, sel);
    assert.equal(await page.locator(`${sel}:has(a.define)`).count(), n, `${sel} without a definition`);
  }
  const held = page.locator('.stat:has(a.define[href="/methodology#meetings_held"]) .stat-value a');
  await Promise.all([page.waitForNavigation(), held.click()]);
  assert.match(page.url(), /\/bodies\/consejo-cdmx\/meetings\?as_of=2026-06-30T23%3A59%3A59Z&status=held$/);
  assert.equal(Number(await page.textContent('p.count strong')), metrics.meetings.meetings_held);
  assert.equal(await page.locator('.meeting-list li.meeting').count(), Math.min(20, metrics.meetings.meetings_held));
  await page.goto(`${BASE}/bodies/consejo-cdmx?as_of=2026-06-30`);
  await assertAccessible(page);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an authority page in both languages: histogram, bodies, overdue list, trend', async () => {
  const es = await newPage(browser);
  await es.goto(`${BASE}/authorities/inm?as_of=2026-06-30`);
  assert.equal(await es.textContent('#by-body-h'), 'Por consejo');
  assert.match(await es.textContent('#chart-days-title'), /^Días para la primera respuesta/);
  await assertAccessible(es);
  assert.deepEqual(es.errors, []);
  await es.context().close();

  const page = await newPage(browser, { locale: 'en-US' });
  await page.goto(`${BASE}/authorities/inm?as_of=2026-06-30`);
  const metrics = await api('/api/v1/authorities/inm/metrics?as_of=2026-06-30');
  assert.match(await page.textContent('h1'), /Instituto Nacional de Migración/);
  assert.equal(await page.textContent('#by-body-h'), 'By body');
  assert.equal(
    await page.locator('#by-body-h + .table-wrap tbody tr').count(),
    Object.keys(metrics.by_body).length,
  );
  // The histogram counts every answered referral of the window.
  const counts = await page.locator('#chart-days-title ~ .chart-body td').allTextContents();
  assert.equal(counts.map(Number).reduce((a, b) => a + b, 0), metrics.answers.answered);
  const days = (await page.locator('#overdue-h + .table-wrap td.num').allTextContents()).map(Number);
  assert.deepEqual(days, [...days].sort((a, b) => b - a));
  await assertAccessible(page);
  assert.deepEqual(page.errors, []);
  await page.goto(`${BASE}/authorities/nope`);
  assert.match(await page.textContent('main'), /not found|no existe|No encontramos|Page not found/i);
  await page.context().close();
});

test('the API page points to the OpenAPI document and to routes that answer', async () => {
  const page = await newPage(browser, { locale: 'en-US' });
  await page.goto(`${BASE}/api`);
  assert.equal(await page.textContent('h1'), 'Open data: the Voces API');
  for (const href of await page.locator('main a[href^="/api/v1/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
    const r = await fetch(`${BASE}${href}`);
    assert.equal(r.status, 200, href);
  }
  await assertAccessible(page);
  await page.context().close();
});

test('without JavaScript the dashboards read the same and the date picker works', async () => {
  for (const url of [`${BASE}/`, `${BASE}/bodies/consejo-tijuana`, `${BASE}/authorities/comar`, `${BASE}/api`]) {
    await assertAccessibleWithoutScripts(browser, url);
  }
  const page = await newPage(browser, { javaScriptEnabled: false });
  await page.goto(`${BASE}/bodies/consejo-tijuana`);
  await page.fill('#as-of-dash-h', '2026-03-31');
  await Promise.all([page.waitForNavigation(), page.click('section.dashboard form.as-of button')]);
  assert.match(page.url(), /\?as_of=2026-03-31#dash-h$/);
  assert.match(await page.textContent('section.dashboard .window'), /2025-04-01.*2026-03-31/);
  const metrics = await api('/api/v1/bodies/consejo-tijuana/metrics?as_of=2026-03-31');
  const held = await page.locator('#dim-meet ~ dl dd a').first().textContent();
  assert.equal(Number(held), metrics.meetings.meetings_held);
  await page.context().close();
});

// A journalist's path, with a past date all the way: the home page at
// 30 June 2026 → an authority (INM) → its overdue figure → the list behind
// it (the same number) → one referral's clock explained; the definition
// from the figure. On a phone in Spanish and on a desktop in English.
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
for (const [viewport, locale, words, javaScriptEnabled] of [
  [PHONE, 'es-MX', { due: /Vencía el/, how: /Cómo leer una cifra/ }, true],
  [DESKTOP, 'en-US', { due: /Due/, how: /Reading a figure/ }, true],
  [PHONE, 'es-MX', { due: /Vencía el/, how: /Cómo leer una cifra/ }, false],
]) {
  test(`a journalist checks a figure (${viewport.width} px, ${locale}${javaScriptEnabled ? '' : ', no JavaScript'})`, async () => {
    const page = await newPage(browser, { locale, viewport });
    // Without the site's scripts (the app never hydrates): the test's own
    // probes (axe) still run, which a browser with JavaScript off refuses.
    if (!javaScriptEnabled) await page.context().route(/\.(js|wasm)(\?.*)?$/, (route) => route.abort());
    await page.goto(`${BASE}/?as_of=2026-06-30`);
    const shown = await page.locator('.overview .stats .stat-value').allTextContents();
    // The figures council by council are one link away, at the same date.
    await Promise.all([page.waitForNavigation(), page.locator('.by-body-link a').click()]);
    assert.match(page.url(), /\/bodies\?as_of=2026-06-30$/);
    // Each national total is the sum of its column body by body.
    const sums = await page.locator('.by-body tfoot td').allTextContents();
    const rows = page.locator('.by-body tbody tr');
    assert.equal(await rows.count(), Number(shown[0]), 'bodies');
    for (let col = 0; col < sums.length; col += 1) {
      const cells = await rows.locator(`td:nth-of-type(${col + 1})`).allTextContents();
      assert.equal(cells.map(Number).reduce((a, b) => a + b, 0), Number(sums[col]), `column ${col}`);
    }
    assert.equal(Number(shown[1]), Number(sums[0]), 'members');
    await assertAccessible(page);
    await page.goBack();
    const inm = page.locator('.ranking:has(#rank-auth) a[href^="/authorities/inm"]');
    await Promise.all([page.waitForNavigation(), inm.click()]);
    assert.match(page.url(), /\/authorities\/inm\?as_of=2026-06-30/);
    const metrics = await api('/api/v1/authorities/inm/metrics?as_of=2026-06-30');
    const figure = page.locator('.stat:has(a.define[href="/methodology#overdue_open"])');
    const value = figure.locator('.stat-value a');
    assert.equal(Number(await value.textContent()), metrics.answers.overdue_open);
    assert.match(await figure.textContent(), /2026/, 'the backlog says its date');
    // A rate says its numerator and denominator.
    const rate = page.locator('.stat:has(a.define[href="/methodology#response_rate"]) .stat-basis');
    assert.match(await rate.textContent(), new RegExp(`${metrics.answers.answered} \\w+ ${metrics.answers.considered}`));
    await Promise.all([page.waitForNavigation(), value.click()]);
    assert.match(page.url(), /\/referrals\?as_of=2026-06-30T23%3A59%3A59Z&authority=inm&overdue=1/);
    assert.equal(Number(await page.getAttribute('#referrals-total strong', 'data-total')), metrics.answers.overdue_open);
    await assertAccessible(page);
    // One referral: its clock in words, on its demand page.
    const first = page.locator('.referral-list .demand-title').first();
    assert.match(await page.locator('.referral-list .clock-explained').first().textContent(), words.due);
    const demandHref = await first.getAttribute('href');
    assert.match(demandHref, /\?as_of=2026-06-30T23%3A59%3A59Z#referrals-h$/);
    await page.goto(new URL(demandHref, BASE).href);
    // The demand's page reads its clocks at the list's date, and says so.
    assert.match(await page.textContent('.as-of-note'), /2026/);
    const details = page.locator('article.referral:has(h3:text("Instituto Nacional de Migración")) details.clock-details');
    if (viewport === PHONE) {
      // A tap (a page-wide wrapper once took the tap on phones).
      await details.locator('summary').click();
    } else {
      // Opened from the keyboard, as a screen-reader user would.
      await details.locator('summary').focus();
      await page.keyboard.press('Enter');
    }
    assert.equal(await details.getAttribute('open'), '');
    assert.match(await details.textContent(), words.due);
    await assertAccessible(page);
    // The definition, from the figure.
    await page.goto(`${BASE}/authorities/inm?as_of=2026-06-30`);
    await Promise.all([page.waitForNavigation(), figure.locator('a.define').click()]);
    assert.match(page.url(), /\/methodology#overdue_open$/);
    assert.equal(await page.locator('#overdue_open').count(), 1);
    assert.match(await page.textContent('main'), words.how);
    await assertAccessible(page);
    // All authorities, with their rule, and the trend tables a phone scrolls.
    await page.goto(`${BASE}/authorities?as_of=2026-06-30`);
    assert.ok(await page.locator('tbody tr').count() >= 5);
    await assertAccessible(page);
    for (const path of ['/bodies/consejo-chiapas', '/authorities/fgr']) {
      await page.goto(`${BASE}${path}?as_of=2026-06-30`);
      await assertAccessible(page);
    }
    // Each score links to its definition.
    const scores = await page.locator('.score a.define').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(scores, ['/methodology#responsiveness_score']);
    if (javaScriptEnabled) assert.deepEqual(page.errors, []);
    else assert.equal(await page.locator('[data-hydrated="true"]').count(), 0, 'the page must not hydrate');
    await page.context().close();
  });
}
