// An administrator runs the installation from the browser: authorities
// (created, rule and holidays changed, an official invited, archived and
// restored behind a second look) and a council that is not public (listed
// on /admin, its page marked and linked to its settings, hidden from the
// public). Once at 390 px without JavaScript in Spanish, once on a desktop
// with it in English; axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, assertAccessible, BASE } from './helpers.mjs';
import { waitForLink } from './mail.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

let browser;
let storage; // the administrator's signed-in session
before(async () => {
  browser = await launch();
  const context = await browser.newContext({ locale: 'es-MX' });
  const page = await context.newPage();
  await page.goto(process.env.ADMINISTRATION_ADMIN_URL);
  await page.fill('#accept-name', 'Administración General');
  await page.fill('#accept-password', 'clave de administración 1');
  await page.fill('#accept-confirm', 'clave de administración 1');
  await submit(page, 'main form button[type=submit]');
  storage = await context.storageState();
  await context.close();
});
after(async () => { await browser?.close(); });

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function admin({ viewport, locale, scripts }) {
  const context = await browser.newContext({ viewport, locale, storageState: storage });
  if (!scripts) await context.route(/\.(js|wasm)(\?.*)?$/, (route) => route.abort());
  const page = await context.newPage();
  page.errors = [];
  if (scripts) page.on('pageerror', (err) => page.errors.push(String(err)));
  return page;
}

const WORDS = {
  es: { created: /Autoridad creada/, added: /Días inhábiles añadidos: 2/, archived: 'Archivada', notPublic: 'No público', key: /Clave: Esa clave ya está en uso/ },
  en: { created: /Authority created/, added: /Non-working days added: 2/, archived: 'Archived', notPublic: 'Not public', key: /Key: That key is already in use/ },
};

for (const [tag, sees] of [
  ['phone', { viewport: PHONE, locale: 'es-MX', scripts: false, lang: 'es' }],
  ['desktop', { viewport: DESKTOP, locale: 'en-US', scripts: true, lang: 'en' }],
]) {
  test(`an administrator runs authorities and a non-public council (${tag})`, async () => {
    const page = await admin(sees);
    const w = WORDS[sees.lang];
    const key = `autoridad-${tag}`;
    // The language as a person would choose it (the switcher's link).
    await page.goto(`${BASE}/lang/${sees.lang}?next=/admin`);
    await submit(page, 'a[href="/admin/authorities"]');
    await assertAccessible(page);
    assert.ok(await page.locator('table.authority-table tbody tr').count() >= 16, 'the demo authorities');
    await submit(page, 'a[href="/admin/authorities/new"]');
    await assertAccessible(page);

    // Refused with a key already in use: said in the summary and beside
    // the field, the typing kept.
    await page.fill('#authority-key', 'inm');
    await page.fill('#authority-name', `Instituto de Prueba ${tag}`);
    await page.fill('#authority-response_days', '20');
    await submit(page, 'main form button[type=submit]');
    assert.match(await page.textContent('.alert.error[role=alert]'), w.key);
    assert.equal(await page.inputValue('#authority-name'), `Instituto de Prueba ${tag}`);
    await assertAccessible(page);
    await page.fill('#authority-key', key);
    await page.fill('#authority-acronym', 'IP');
    await page.selectOption('#authority-day_kind', 'calendar');
    await submit(page, 'main form button[type=submit]');
    assert.match(page.url(), new RegExp(`/admin/authorities/${key}\\?done=created$`));
    assert.match(await page.textContent('main'), w.created);
    await assertAccessible(page);

    // The rule changes; a year's holidays pasted at once; one removed.
    await page.fill('#authority-response_days', '15');
    await page.selectOption('#authority-day_kind', 'business');
    await submit(page, 'form[action$="/' + key + '"] button[type=submit]');
    assert.match(page.url(), /done=saved$/);
    assert.equal(await page.inputValue('#authority-response_days'), '15');
    await page.fill('#holidays-dates', '2027-01-01, 16/09/2027');
    await submit(page, 'form[action$="/holidays"] button[type=submit]');
    assert.match(await page.textContent('main'), w.added);
    assert.equal(await page.locator('[data-testid=holidays] li').count(), 2);
    await submit(page, '[data-testid=holidays] li >> nth=0 >> button');
    assert.equal(await page.locator('[data-testid=holidays] li').count(), 1);

    // An official invited from here gets the mail and is listed as pending.
    const official = `oficial-${tag}@voces.test`;
    await page.fill('#official-email', official);
    await submit(page, 'form[action$="/officials"] button[type=submit]');
    assert.match(await page.textContent('[data-testid=officials]'), new RegExp(official));
    assert.ok(await waitForLink(official, 'invitations'));

    // Archived behind a second look, then restored.
    await page.click('details.confirm summary');
    await assertAccessible(page);
    await page.screenshot({ path: `screenshots/admin-authority-${tag}.png`, fullPage: true });
    await submit(page, 'form[action$="/archive"] button[type=submit]');
    assert.match(await page.textContent('[data-testid=archived]'), new RegExp(w.archived));
    await page.click('details.confirm summary');
    await submit(page, 'form[action$="/archive"] button[type=submit]');
    assert.equal(await page.locator('[data-testid=archived]').count(), 0);

    // A council that is not public: created, listed on /admin, its page
    // marked and linked to its settings; the public gets a 404.
    const body = `consejo-oculto-${tag}`;
    await page.goto(`${BASE}/admin/bodies/new`);
    await page.fill('#body-key', body);
    await page.fill('#body-name', `Consejo reservado ${tag}`);
    await page.fill('#body-jurisdiction', 'Oaxaca');
    await page.check('#body-group-transit');
    await page.uncheck('#body-public');
    await submit(page, 'main form button[type=submit]');
    await page.goto(`${BASE}/admin`);
    await submit(page, `[data-testid=hidden-bodies] a[href="/bodies/${body}"]`);
    assert.equal(await page.textContent('[data-testid=not-public] strong'), w.notPublic);
    for (const link of ['settings', 'members', 'meetings/new']) {
      assert.equal(await page.locator(`.manage-links a[href="/bodies/${body}/${link}"]`).count(), 1, link);
    }
    await assertAccessible(page);
    await page.screenshot({ path: `screenshots/admin-hidden-body-${tag}.png`, fullPage: true });
    const anonymous = await browser.newPage();
    assert.equal((await anonymous.goto(`${BASE}/bodies/${body}`)).status(), 404);
    await anonymous.close();
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}
