// The first public pages, with JavaScript (hydrated islands) and without.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, assertAccessible, assertAccessibleWithoutScripts, waitForHydration, BASE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('home lists the public bodies, each linking to its page', async () => {
  const page = await newPage(browser);
  const resp = await page.goto(`${BASE}/`);
  assert.equal(resp.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'es');
  const links = await page.$$eval('[data-testid=body-list] h2 a', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.length >= 4, `expected at least 4 bodies, got ${links.length}`);
  for (const href of links) assert.match(href, /^\/bodies\/[a-z0-9-]+$/);
  await waitForHydration(page);
  await assertAccessible(page);
  assert.deepEqual(page.errors, []);
});

test('the filter narrows the list live once hydrated', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/`);
  await waitForHydration(page);
  const before = await page.locator('[data-testid=body-list] > li').count();
  await page.fill('#body-filter', 'tijuana');
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid=body-list] > li').length < n, before);
  const names = await page.$$eval('[data-testid=body-list] h2', (hs) => hs.map((h) => h.textContent));
  assert.equal(names.length, 1);
  assert.match(names[0], /Tijuana/);
  // Nothing navigated: it was the island, not the form.
  assert.equal(new URL(page.url()).search, '');
  assert.match(await page.textContent('[data-testid=body-count]'), /^1 /);
  assert.deepEqual(page.errors, []);
});

test('only a page with an island downloads the wasm', async () => {
  const page = await newPage(browser);
  const fetched = [];
  page.on('request', (req) => fetched.push(new URL(req.url()).pathname));
  // A council's dashboard has nothing interactive: neither the
  // application's JavaScript nor its wasm is fetched.
  await page.goto(`${BASE}/bodies/consejo-tijuana`, { waitUntil: 'networkidle' });
  assert.deepEqual(fetched.filter((p) => /^\/pkg\/.*\.(js|wasm)$/.test(p)), []);
  // The home page's filter is an island: both are, and it hydrates.
  await page.goto(`${BASE}/`);
  await waitForHydration(page);
  assert.ok(fetched.some((p) => /^\/pkg\/.*\.wasm$/.test(p)), fetched.join(' '));
  assert.ok(fetched.some((p) => /^\/pkg\/.*\.js$/.test(p)), fetched.join(' '));
  assert.deepEqual(page.errors, []);
});

test('a body page shows its facts', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/`);
  const href = await page.getAttribute('[data-testid=body-list] h2 a', 'href');
  const resp = await page.goto(`${BASE}${href}`);
  assert.equal(resp.status(), 200);
  assert.ok((await page.textContent('h1')).length > 5);
  assert.ok(await page.isVisible('text=Datos del consejo'));
  await assertAccessible(page);
  assert.deepEqual(page.errors, []);
});

test('unknown addresses get a 404 page', async () => {
  const page = await newPage(browser);
  for (const path of ['/no-such-page', '/bodies/no-such-body']) {
    const resp = await page.goto(`${BASE}${path}`);
    assert.equal(resp.status(), 404, path);
    assert.equal(await page.textContent('h1'), 'Página no encontrada');
    await assertAccessible(page);
  }
});

test('the language switcher changes the language and remembers it', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/`);
  await page.click('.lang-switch a[hreflang=en]');
  await page.waitForURL(`${BASE}/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('h1'), 'Consultative bodies');
  await page.goto(`${BASE}/no-such-page`);
  assert.equal(await page.textContent('h1'), 'Page not found');
  await assertAccessible(page);
});

test('Accept-Language picks English when there is no cookie', async () => {
  const page = await newPage(browser, { locale: 'en-US' });
  await page.goto(`${BASE}/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
});

test('without JavaScript: pages are complete and the filter form works', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false });
  let resp = await page.goto(`${BASE}/`);
  assert.equal(resp.status(), 200);
  const all = await page.locator('[data-testid=body-list] > li').count();
  assert.ok(all >= 4);
  await page.fill('#body-filter', 'tijuana');
  await page.click('main form[role=search] button[type=submit]');
  await page.waitForURL(/\?q=tijuana/);
  assert.equal(await page.locator('[data-testid=body-list] > li').count(), 1);
  const href = await page.getAttribute('[data-testid=body-list] h2 a', 'href');
  resp = await page.goto(`${BASE}${href}`);
  assert.equal(resp.status(), 200);
  await page.click('.lang-switch a[hreflang=en]');
  await page.waitForURL(`${BASE}${href}`);
  assert.equal(await page.textContent('.crumbs a'), 'All bodies');
  assert.deepEqual(page.errors, []);
  resp = await page.goto(`${BASE}/bodies/nope`);
  assert.equal(resp.status(), 404);
  for (const path of ['/', '/?q=tijuana', href, '/bodies/nope']) {
    await assertAccessibleWithoutScripts(browser, `${BASE}${path}`);
  }
});

test('healthz checks the database', async () => {
  const resp = await fetch(`${BASE}/healthz`);
  assert.equal(resp.status, 200);
  assert.deepEqual(await resp.json(), { status: 'ok', database: 'ok' });
});

test('feeds and calendar subscriptions are found from the pages, on a phone, in both languages', async () => {
  for (const [locale, scripts] of [['es-MX', false], ['en-US', true]]) {
    const context = await browser.newContext({ locale, viewport: { width: 390, height: 844 } });
    if (!scripts) await context.route(/\.(js|wasm)(\?.*)?$/, (route) => route.abort());
    const page = await context.newPage();
    // Feed readers find the feeds in the head; people find them in the page.
    for (const path of ['/', '/bodies/consejo-tijuana', '/authorities/inm', '/demands?topic=asylum']) {
      await page.goto(`${BASE}${path}`);
      const href = await page.getAttribute('link[rel=alternate][type="application/atom+xml"]', 'href');
      assert.ok(href, `${path} announces its feed`);
      const feed = await page.request.get(new URL(href, BASE).toString());
      assert.equal(feed.status(), 200, href);
      assert.match(feed.headers()['content-type'], /application\/atom\+xml/);
      assert.match(await feed.text(), /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
      assert.equal(await page.locator('.feed-links a[type="application/feed+json"]').count(), 1, path);
      // A shared link previews the page with its address (and, hydrated or not, keeps it).
      if (path.startsWith('/bodies') || path.startsWith('/authorities')) {
        assert.equal(await page.getAttribute('meta[property="og:url"]', 'content'), `${BASE}${path}`);
        assert.ok(await page.getAttribute('meta[property="og:description"]', 'content'), path);
      }
    }
    // A calendar app takes webcal://, or the full address pasted.
    await page.goto(`${BASE}/bodies/consejo-tijuana/meetings`);
    const webcal = await page.getAttribute('a[href^="webcal://"]', 'href');
    assert.match(webcal, /^webcal:\/\/127\.0\.0\.1:\d+\/bodies\/consejo-tijuana\/calendar\.ics$/);
    const full = await page.inputValue('#feed-address');
    assert.equal(full, webcal.replace(/^webcal:/, 'http:'));
    assert.equal((await page.request.get(full)).status(), 200);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= 390), true, 'nothing wider than the phone');
    await assertAccessible(page);
    await page.screenshot({ path: `screenshots/calendar-subscribe-${locale}-390.png` });
    await context.close();
  }
});
