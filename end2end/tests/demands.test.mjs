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

test('on a phone every checkbox is a target a finger can hit (≥ 24 px)', async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 } });
  await page.goto(`${BASE}/demands`);
  const boxes = await page.$$eval('input[type=checkbox], input[type=radio]', (els) =>
    els.map((e) => { const r = e.getBoundingClientRect(); return [e.id, r.width, r.height]; }));
  assert.ok(boxes.length > 0);
  for (const [id, w, h] of boxes) assert.ok(w >= 24 && h >= 24, `${id}: ${w}×${h}`);
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
  // Each problem names its field in words that say what to do, links to
  // the field itself, and the page opens at the summary.
  const summary = await page.textContent('.alert.error');
  assert.match(summary, /Escribe el texto/);
  assert.match(summary, /Elige al menos una autoridad/);
  for (const href of await page.$$eval('.alert.error a[href^="#"]', (as) => as.map((a) => a.getAttribute('href')))) {
    assert.ok(await page.$(href), `${href} is on the page`);
  }
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error')), true);
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

/** Acknowledge → ask for a clarification → clarify → implemented → contest,
 * each through its review step (what will be published, who is told). */
async function threadSteps(page) {
  const card = 'article.referral:has-text("Comisión Mexicana de Ayuda a Refugiados")';
  const comar = page.locator(card);
  const publish = async (form) => {
    await submit(page, `${card} ${form} >> nth=0 >> button`);
    // The review step: nothing written yet, the page opens at "Publicar".
    const review = comar.locator('section.review');
    assert.match(await review.textContent(), /Revisa antes de publicar/);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Publicar');
    await submit(page, `${card} section.review button[type=submit]`);
  };
  await comar.locator('select[name=kind]').selectOption('acknowledged');
  await publish('form[action$="/events"]');
  assert.match(page.url(), /done=event/);
  await comar.locator('select[name=kind]').selectOption('clarification_requested');
  await comar.locator('textarea[name=text]').fill('¿En qué sedes?');
  await submit(page, `${card} form[action$="/events"] >> nth=0 >> button`);
  // "Corregir" keeps what was typed in the form below.
  assert.match(await comar.locator('section.review').textContent(), /¿En qué sedes\?/);
  assert.match(await comar.locator('section.review').textContent(), /Se avisará por correo a/);
  assert.equal(await comar.locator('textarea[name=text]').inputValue(), '¿En qué sedes?');
  await submit(page, `${card} section.review button[type=submit]`);
  assert.match(await comar.textContent(), /Plazo en pausa/);
  await comar.locator('form:has(input[value=clarification_provided]) textarea').fill('Tijuana y Tapachula.');
  await publish('form:has(input[value=clarification_provided])');
  await comar.locator('select[name=kind]').selectOption('implemented');
  await comar.locator('textarea[name=text]').fill('Contratamos intérpretes.');
  await comar.locator('input[name=evidence_url]').fill('https://example.org/contrato.pdf');
  await publish('form[action$="/events"]');
  await comar.locator('select[name=verdict]').selectOption('unsatisfied');
  await comar.locator('form[action$="/verdicts"] textarea').fill('Solo en una sede.');
  await publish('form[action$="/verdicts"]');
  assert.match(page.url(), /done=verdict/);
  // A contested claim reads "Impugnada", not "Cumplida".
  assert.match(await comar.locator('.status').first().textContent(), /Impugnada/);
}
