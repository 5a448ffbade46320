// Shared helpers: one Chromium per test file, axe injected on demand.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:3000';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** A page that records console errors and failed requests. */
export async function newPage(browser, { javaScriptEnabled = true, locale = 'es-MX', viewport } = {}) {
  const context = await browser.newContext({ javaScriptEnabled, locale, ...(viewport ? { viewport } : {}) });
  const page = await context.newPage();
  page.errors = [];
  // The last page's own response, so that a refused inline script says
  // which policy refused it and whether the page cache replayed the page
  // (a policy error was once seen here and not reproduced since).
  let lastDocument = null;
  page.on('response', (resp) => {
    if (resp.request().resourceType() === 'document') lastDocument = resp;
  });
  page.on('console', async (msg) => {
    if (msg.type() !== 'error') return;
    page.errors.push(msg.text());
    if (/Content Security Policy/.test(msg.text()) && lastDocument) {
      const h = lastDocument.headers();
      const body = await lastDocument.text().catch(() => '');
      const nonces = [...new Set([...body.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]))];
      page.errors.push(`document ${lastDocument.url()} ${lastDocument.status()} cache=${h['x-voces-page-cache']} ` +
        `csp=${h['content-security-policy']} body-nonces=${nonces.join(',')}`);
    }
  });
  page.on('pageerror', (err) => page.errors.push(String(err)));
  return page;
}

/** Runs axe on the current page and fails with a readable list. */
export async function assertAccessible(page) {
  await page.evaluate(readFileSync(AXE_PATH, 'utf8'));
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  assert.deepEqual(result, [], `axe violations on ${page.url()}:\n${result.join('\n')}`);
}

/** Waits until the islands are hydrated (an effect, run only in the browser, marks them). */
export async function waitForHydration(page) {
  await page.waitForSelector("[data-hydrated=\"true\"]", { timeout: 15000 });
}

/**
 * axe needs a script engine, which a JavaScript-disabled page lacks: check
 * the same URL in a page whose own scripts and wasm are blocked, so it shows
 * exactly the server-rendered document a no-JS browser gets.
 */
export async function assertAccessibleWithoutScripts(browser, url, headers = {}) {
  const context = await browser.newContext({ locale: 'es-MX', extraHTTPHeaders: headers });
  await context.route(/\.(js|wasm)(\?.*)?$/, (route) => route.abort());
  const page = await context.newPage();
  await page.goto(url);
  assert.equal(await page.locator('[data-hydrated="true"]').count(), 0, 'the page must not hydrate');
  await assertAccessible(page);
  await context.close();
}
