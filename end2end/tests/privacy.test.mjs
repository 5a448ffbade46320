// Data protection, played by the people it protects: the anonymous reader
// (the privacy notice from every footer; a confidential demand shows its
// outline and no thread text), the officials of an addressed and of another
// authority (only the first reads the case), a representative with their own account
// (who reads the case's thread, sees who will read what they write, sees
// their own record, hides their name from the public roster and downloads
// everything held about them, asks for a correction and reads the answer).
// At 390 px and at desktop width, in Spanish and English; axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, assertAccessible, assertAccessibleWithoutScripts, BASE } from './helpers.mjs';
import { waitForLink, messages } from './mail.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
// consejo-tijuana's 2025-009 is confidential; its thread carries answers
// from COMAR and the state government.
const SECRET = `${BASE}/bodies/consejo-tijuana/demands/2025-009`;

async function submit(page, button) {
  await Promise.all([page.waitForNavigation(), page.click(button)]);
}

async function visitor(viewport, locale) {
  const context = await browser.newContext({ viewport, locale: locale === 'en' ? 'en-US' : 'es-MX' });
  const page = await context.newPage();
  if (locale === 'en') await page.goto(`${BASE}/lang/en`);
  return page;
}

for (const [viewport, size] of [[PHONE, 'phone'], [DESKTOP, 'desktop']]) {
  for (const locale of ['es', 'en']) {
    test(`anonymous (${size}, ${locale}): the privacy notice from the footer; a confidential demand keeps its thread`, async () => {
      const page = await visitor(viewport, locale);
      await page.goto(`${BASE}/`);
      await submit(page, 'footer a[href="/privacy"]');
      assert.match(await page.textContent('h1'), locale === 'es' ? /Aviso de privacidad/ : /Privacy notice/);
      assert.match(await page.textContent('main'), /ARCO/);
      await assertAccessible(page);
      await page.goto(SECRET);
      assert.match(await page.textContent('main'), locale === 'es' ? /es confidencial/ : /is confidential/);
      assert.ok(await page.locator('.timeline-entry p.muted').count() > 0, 'each entry says its text is withheld');
      assert.equal(await page.locator('.timeline-entry .prose').count(), 0, 'no thread text');
      await assertAccessible(page);
      await page.context().close();
    });
  }
}

test('a representative: the thread, who reads what, their own record, name and data', async () => {
  // An administrator invites Ronald Métellus (m03, public name) to an account.
  const admin = await (await browser.newContext({ viewport: DESKTOP, locale: 'es-MX' })).newPage();
  await admin.goto(process.env.PRIVACY_ADMIN_URL);
  await admin.fill('#accept-name', 'Administración de privacidad');
  await admin.fill('#accept-password', 'clave de privacidad 1');
  await admin.fill('#accept-confirm', 'clave de privacidad 1');
  await submit(admin, 'main form button[type=submit]');
  // Two officials: COMAR's (the case is addressed to COMAR) and FGR's (not).
  const officials = {};
  for (const [authority, email] of [['comar', 'comar-privacidad@voces.test'], ['fgr', 'fgr-privacidad@voces.test']]) {
    await admin.goto(`${BASE}/admin`);
    const before = messages().length;
    await admin.fill('#invite-email', email);
    await admin.selectOption('#invite-role', 'official');
    await admin.selectOption('#invite-authority', authority);
    await submit(admin, '#invite-h ~ form button[type=submit]');
    const invite = await waitForLink(email, 'invitations', { after: before });
    const page = await (await browser.newContext({ viewport: PHONE, locale: 'es-MX' })).newPage();
    await page.goto(invite);
    await page.fill('#accept-name', `Enlace ${authority}`);
    await page.fill('#accept-password', `clave de ${authority} 1`);
    await page.fill('#accept-confirm', `clave de ${authority} 1`);
    await submit(page, 'main form button[type=submit]');
    officials[authority] = page;
  }
  await officials.comar.goto(SECRET);
  assert.ok(await officials.comar.locator('.timeline-entry .prose').count() > 0, 'the addressed official reads the thread');
  await assertAccessible(officials.comar);
  await officials.fgr.goto(SECRET);
  assert.equal(await officials.fgr.locator('.timeline-entry .prose').count(), 0, 'another authority reads no thread text');
  assert.ok(await officials.fgr.locator('.timeline-entry p.muted').count() > 0);

  await admin.goto(`${BASE}/bodies/consejo-tijuana/members`);
  const sent = messages().length;
  // The roster is a table; a row's invitation opens from its row.
  await admin.locator('details.row-invite:has(#invite-m03) summary').click();
  await admin.fill('#invite-m03', 'ronald@voces.test');
  await submit(admin, 'form[action$="/members/m03/invite"] button[type=submit]');
  const link = await waitForLink('ronald@voces.test', 'invitations', { after: sent });

  const rep = await (await browser.newContext({ viewport: PHONE, locale: 'es-MX' })).newPage();
  await rep.goto(link);
  await rep.fill('#accept-name', 'Ronald Métellus');
  await rep.fill('#accept-password', 'clave de ronald 1');
  await rep.fill('#accept-confirm', 'clave de ronald 1');
  await submit(rep, 'main form button[type=submit]');

  // The body's own confidential case: its thread, and who will read a reply.
  await rep.goto(SECRET);
  assert.ok(await rep.locator('.timeline-entry .prose').count() > 0, 'the body reads the thread');
  assert.match(await rep.textContent('.audience.confidential'), /solo lo leerán el consejo y las autoridades/);
  await assertAccessible(rep);
  // A public demand warns that what is written is public.
  await rep.goto(`${BASE}/demands?body=consejo-tijuana&status=partially_accepted`);
  const publicDemand = await rep.locator('a.demand-title').evaluateAll((as) => as.map((a) => a.href));
  let warned = false;
  let publicHref;
  for (const href of publicDemand) {
    await rep.goto(href);
    if (await rep.locator('.audience:not(.confidential)').count()) { warned = true; publicHref = href; break; }
  }
  assert.ok(warned, 'a form on a public demand says it is public');
  assert.match(await rep.textContent('.audience:not(.confidential)'), /cualquier persona/);
  // The demand form says the title is always public.
  await rep.goto(`${BASE}/bodies/consejo-tijuana/demands/new`);
  assert.match(await rep.textContent('#demand-title-hint'), /siempre es público/);

  // Their own record: every field and who sees it; the name goes private.
  await rep.goto(`${BASE}/account`);
  assert.match(await rep.textContent('#my-data-h'), /Tus datos/);
  assert.match(await rep.textContent('main'), /Solo en totales del consejo/);
  await assertAccessible(rep);
  await submit(rep, 'form[action="/account/members/consejo-tijuana/m03/public"] button');
  assert.match(await rep.textContent('[role=status]'), /quedó guardada/);
  const roster = await (await browser.newContext({ viewport: DESKTOP, locale: 'es-MX' })).newPage();
  await roster.goto(`${BASE}/bodies/consejo-tijuana`);
  assert.doesNotMatch(await roster.textContent('main'), /Ronald Métellus/);
  // And public again.
  await submit(rep, 'form[action="/account/members/consejo-tijuana/m03/public"] button');
  await roster.reload();
  assert.match(await roster.textContent('main'), /Ronald Métellus/);

  // Everything held about them, as one JSON download.
  const download = await rep.request.get(`${BASE}/account/data.json`);
  assert.equal(download.status(), 200);
  assert.match(download.headers()['content-disposition'], /attachment/);
  const data = await download.json();
  assert.equal(data.account.email, 'ronald@voces.test');
  assert.equal(data.seats[0].member.member_key, 'm03');
  assert.ok(Array.isArray(data.seats[0].attendance));

  // A rectification request about the seat: an empty one comes back with
  // its problem; a filled one reaches the administrator, who answers it;
  // the answer comes back to the account page.
  await rep.goto(`${BASE}/account`);
  await rep.selectOption('#data_request-seat', 'consejo-tijuana/m03');
  await submit(rep, 'form[action="/account/data-requests"] button[type=submit]');
  assert.match(await rep.textContent('#data_request-text-error'), /obligatorio/);
  assert.equal(await rep.inputValue('#data_request-seat'), 'consejo-tijuana/m03');
  await rep.fill('#data_request-text', 'Mi país de origen es Haití.');
  await submit(rep, 'form[action="/account/data-requests"] button[type=submit]');
  assert.match(await rep.textContent('[role=status]'), /Solicitud enviada/);
  assert.match(await rep.textContent('.requests'), /En espera de respuesta/);
  await admin.goto(`${BASE}/data-requests`);
  assert.match(await admin.textContent('.requests'), /Mi país de origen es Haití/);
  await assertAccessible(admin);
  await admin.selectOption('li:has-text("Mi país de origen es Haití") select[name=state]', 'done');
  await admin.fill('li:has-text("Mi país de origen es Haití") textarea[name=response]', 'Corregido en el padrón.');
  await submit(admin, 'li:has-text("Mi país de origen es Haití") button[type=submit]');
  assert.match(await admin.textContent('[role=status]'), /Respuesta registrada/);
  await rep.goto(`${BASE}/account`);
  assert.match(await rep.textContent('.requests'), /Atendida[\s\S]*Corregido en el padrón/);
  await assertAccessible(rep);

  // The same person on a desktop, in English.
  await rep.setViewportSize(DESKTOP);
  await rep.goto(`${BASE}/lang/en`);
  await rep.goto(SECRET);
  assert.match(await rep.textContent('.audience.confidential'), /only the council and the authorities/);
  await assertAccessible(rep);
  await rep.goto(`${BASE}/bodies/consejo-tijuana/demands/new`);
  assert.match(await rep.textContent('#demand-title-hint'), /always public/);
  await rep.goto(`${BASE}/account`);
  assert.match(await rep.textContent('#my-data-h'), /Your data/);
  assert.match(await rep.textContent('main'), /Only in the council's totals/);
  assert.match(await rep.textContent('.requests'), /Done[\s\S]*Corregido en el padrón/);
  await assertAccessible(rep);
  // The name's switch and the download, here too.
  await submit(rep, 'form[action="/account/members/consejo-tijuana/m03/public"] button');
  assert.match(await rep.textContent('[role=status]'), /choice about your name was saved/);
  await roster.reload();
  assert.doesNotMatch(await roster.textContent('main'), /Ronald Métellus/);
  await submit(rep, 'form[action="/account/members/consejo-tijuana/m03/public"] button');
  await roster.reload();
  assert.match(await roster.textContent('main'), /Ronald Métellus/);
  const again = await rep.request.get(`${BASE}/account/data.json`);
  assert.equal(again.status(), 200);
  assert.equal((await again.json()).seats[0].member.member_key, 'm03');
  // A public demand's forms warn in English too.
  await rep.goto(publicHref);
  assert.match(await rep.textContent('.audience:not(.confidential)'), /anyone/);
  await assertAccessibleWithoutScripts(browser, `${BASE}/privacy`);
});
