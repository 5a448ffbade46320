// Following by e-mail without an account, as the public does it: on a phone
// without JavaScript in Spanish, follow a council from its page and confirm
// from the mail; on a desktop with JavaScript in English, follow an
// authority, confirm, change how often, and stop following everything.
// Screenshots at 390 px and desktop; axe clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, assertAccessible, assertAccessibleWithoutScripts, BASE } from './helpers.mjs';
import { messages, waitForLink } from './mail.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

test('follow a council on a phone without JavaScript and confirm from the mail, in Spanish', async () => {
  const email = `sigue-${Date.now()}@example.org`;
  const page = await newPage(browser, { javaScriptEnabled: false, viewport: PHONE });
  await page.goto(`${BASE}/bodies/consejo-tijuana`);
  await page.click('.follow-box summary');
  await page.fill('#follow-email', email);
  await page.check('#follow-frequency-immediate');
  const before = messages().length;
  await Promise.all([page.waitForURL(/done=follow_sent/), page.click('.follow-form button[type=submit]')]);
  assert.match(await page.textContent('.alert.success'), /Te enviamos un correo/);
  assert.match(await page.textContent('.follow-target'), /Tijuana/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= PHONE.width, `page is ${overflow}px wide`);
  await page.screenshot({ path: 'screenshots/follow-sent-es-390.png', fullPage: true });
  await assertAccessibleWithoutScripts(browser, page.url());

  // The mail's link opens a page with one button; nothing is confirmed before.
  const link = await waitForLink(email, 'follow/confirm', { after: before });
  await page.goto(link);
  assert.match(await page.textContent('main'), new RegExp(email.replace('.', '\\.')));
  await page.screenshot({ path: 'screenshots/follow-confirm-es-390.png', fullPage: true });
  await assertAccessibleWithoutScripts(browser, link);
  await Promise.all([page.waitForURL(/\/follows\/[^/]+\?done=follow_confirmed$/), page.click('main form button[type=submit]')]);
  assert.match(await page.textContent('.alert.success'), /Confirmado/);
  const titles = await page.$$eval('.follow-item h2', (hs) => hs.map((h) => h.textContent));
  assert.ok(titles.some((t) => /Tijuana/.test(t)), `follows: ${titles}`);
  assert.equal(await page.inputValue('.follow-item select'), 'immediate');
  await page.screenshot({ path: 'screenshots/follows-es-390.png', fullPage: true });
  await assertAccessibleWithoutScripts(browser, page.url());
  assert.deepEqual(page.errors, []);
});

test('follow an authority on a desktop with JavaScript, change how often, stop everything, in English', async () => {
  const email = `follow-${Date.now()}@example.org`;
  const page = await newPage(browser, { locale: 'en-US', viewport: DESKTOP });
  // The page has no island: with JavaScript on, it is the same form.
  await page.goto(`${BASE}/authorities/inm`);
  await page.click('.follow-box summary');
  await page.fill('#follow-email', email);
  await page.check('#follow-frequency-weekly');
  const before = messages().length;
  await Promise.all([page.waitForURL(/done=follow_sent/), page.click('.follow-form button[type=submit]')]);
  assert.match(await page.textContent('.alert.success'), /We sent you a mail/);
  await page.screenshot({ path: 'screenshots/follow-sent-en-1280.png', fullPage: true });
  await assertAccessible(page);

  const link = await waitForLink(email, 'follow/confirm', { after: before });
  await page.goto(link);
  assert.match(await page.textContent('main'), /weekly digest/i);
  await Promise.all([page.waitForURL(/done=follow_confirmed$/), page.click('main form button[type=submit]')]);
  assert.equal(await page.inputValue('.follow-item select'), 'weekly');
  await page.selectOption('.follow-item select', 'daily');
  await Promise.all([page.waitForURL(/done=frequency_saved/), page.click('.follow-item form.field-row button')]);
  assert.match(await page.textContent('.alert.success'), /Frequency saved/);
  assert.equal(await page.inputValue('.follow-item select'), 'daily');
  await page.screenshot({ path: 'screenshots/follows-en-1280.png', fullPage: true });
  await assertAccessible(page);

  // Stopping everything takes a second look.
  await page.click('details.confirm summary');
  await Promise.all([page.waitForURL(/done=all_removed$/), page.click('details.confirm button[type=submit]')]);
  assert.match(await page.textContent('.alert.success'), /follow nothing now/);
  assert.equal(await page.$('.follow-item'), null);
  assert.deepEqual(page.errors, []);
});
