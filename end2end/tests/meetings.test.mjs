// Meetings: schedule → attendance (quorum live once hydrated, and after
// saving without JavaScript) → publish the minutes, the public calendar and
// the invitation mailed with its .ics; hostile Markdown stays inert.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, assertAccessible, assertAccessibleWithoutScripts, waitForHydration, BASE } from './helpers.mjs';
import { waitForMessage } from './mail.mjs';

let browser;
let admin; // a signed-in page of an administrator (may manage every body)
before(async () => {
  browser = await launch();
  admin = await newPage(browser);
  await admin.goto(process.env.MEETINGS_ADMIN_URL);
  await admin.fill('#accept-name', 'Secretaría de Sesiones');
  await admin.fill('#accept-password', 'clave de sesiones 1');
  await admin.fill('#accept-confirm', 'clave de sesiones 1');
  await submit(admin, 'main form button[type=submit]');
});
after(async () => { await browser?.close(); });

async function submit(page, button) {
  await Promise.all([page.waitForNavigation(), page.click(button)]);
}

function inDays(n) {
  const d = new Date(Date.now() + n * 86400000);
  return d.toISOString().slice(0, 10);
}

const HOSTILE = '1. **Bienvenida**\n2. <img src=x onerror="window.__xss=1">\n3. [informe](javascript:window.__xss=2)\n<script>window.__xss=3</script>';

test('a secretary schedules, records attendance with a live quorum and publishes the minutes', async () => {
  const page = admin;
  await page.goto(`${BASE}/bodies/consejo-tijuana/meetings`);
  await assertAccessible(page);
  await submit(page, 'a[href="/bodies/consejo-tijuana/meetings/new"]');
  await assertAccessible(page);
  const day = inDays(7);
  await page.fill('#meeting-title', 'Sesión de prueba');
  await page.fill('#meeting-date', day);
  await page.fill('#meeting-start', '10:00');
  await page.fill('#meeting-end', '12:00');
  await page.fill('#meeting-location', 'https://meet.example.org/consejo');
  await page.fill('#meeting-agenda', HOSTILE);
  await submit(page, 'main form button[type=submit]');
  assert.match(page.url(), new RegExp(`/bodies/consejo-tijuana/meetings/${day}\\?done=scheduled$`));
  assert.match(await page.textContent('main'), /Sesión programada/);
  assert.match(await page.innerHTML('.prose'), /<strong>Bienvenida<\/strong>/);
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'no script from the agenda ran');
  assert.equal(await page.locator('.prose script, .prose [onerror], .prose a[href^="javascript"]').count(), 0);
  await assertAccessible(page);

  // The members with an e-mail got the invitation with its .ics.
  // (The subject is RFC 2047-encoded; the attachment's type is plain.)
  const mail = await waitForMessage('ronald.metellus@example.org', /text\/calendar; ?method=REQUEST/i);
  assert.match(mail, /invite\.ics/);

  // Attendance: the quorum follows the choices before saving.
  await submit(page, `a[href="/bodies/consejo-tijuana/meetings/${day}/attendance"]`);
  await waitForHydration(page);
  await assertAccessible(page);
  const quorum = page.locator('[data-testid=quorum]');
  assert.match(await quorum.textContent(), /Sin quórum/);
  for (const m of ['m01', 'm02', 'm03', 'm04', 'm05', 'm07']) {
    await page.check(`input[name="att:${m}"][value=present]`);
  }
  assert.match(await quorum.textContent(), /Hay quórum/);
  await page.check('input[name="att:m11"][value=remote]');
  await page.check('input[name="att:m08"][value=excused]');
  await submit(page, 'form.attendance button[type=submit]');
  assert.match(page.url(), /attendance\?done=attendance$/);
  assert.match(await page.textContent('[data-testid=quorum]'), /Hay quórum/);
  assert.equal(await page.isChecked('input[name="att:m11"][value=remote]'), true);

  // Minutes: a draft first, then published.
  await page.goto(`${BASE}/bodies/consejo-tijuana/meetings/${day}`);
  assert.match(await page.textContent('.eyebrow'), /Celebrada/);
  await page.fill('#minutes-minutes', '## Acuerdos\n\n- Se aprobó el informe.');
  await submit(page, 'button[name=action][value=save]');
  assert.match(await page.textContent('main'), /Borrador/);
  const visitor = await newPage(browser);
  await visitor.goto(`${BASE}/bodies/consejo-tijuana/meetings/${day}`);
  assert.doesNotMatch(await visitor.textContent('main'), /Se aprobó el informe/, 'drafts are for the body only');
  await submit(page, 'button[name=action][value=publish]');
  assert.match(await page.textContent('main'), /Acta publicada/);
  await visitor.reload();
  assert.match(await visitor.textContent('#minutes-h + p'), /Publicada el/);
  assert.match(await visitor.textContent('main'), /Se aprobó el informe/);
  await assertAccessible(visitor);

  // The public calendar lists it; the body page shows the meeting figures.
  await visitor.goto(`${BASE}/meetings`);
  assert.match(await visitor.textContent('main'), /Sesión de prueba/);
  await assertAccessible(visitor);
  await visitor.goto(`${BASE}/bodies/consejo-tijuana`);
  assert.match(await visitor.textContent('#meet-h'), /Sesiones/);
  assert.equal(await visitor.locator('figure.chart[aria-labelledby="chart-meetings-title"] svg[role=img]').count(), 1);
  await assertAccessible(visitor);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(visitor.errors, []);
});

test('the meeting forms work without JavaScript', async () => {
  const context = await browser.newContext({ locale: 'es-MX', storageState: await admin.context().storageState() });
  await context.route(/\.(js|wasm)(\?.*)?$/, (route) => route.abort());
  const page = await context.newPage();
  await page.goto(`${BASE}/bodies/consejo-cdmx/meetings/new`);
  await page.fill('#meeting-title', 'Serie sin JavaScript');
  await page.fill('#meeting-date', inDays(3));
  await page.selectOption('#meeting-repeat', 'monthly_weekday');
  await submit(page, 'main form button[type=submit]');
  // No end for the series: the problem beside its field, the typing kept.
  assert.match(await page.textContent('#meeting-until-error'), /hasta qué fecha/);
  assert.equal(await page.inputValue('#meeting-title'), 'Serie sin JavaScript');
  await assertAccessible(page);
  await page.fill('#meeting-count', '3');
  await submit(page, 'main form button[type=submit]');
  assert.match(page.url(), /\?done=scheduled$/);
  const key = page.url().split('/meetings/')[1].split('?')[0];

  // Change this and the following, then cancel the last one.
  await page.goto(`${BASE}/bodies/consejo-cdmx/meetings/${key}/edit`);
  await assertAccessible(page);
  await page.fill('#meeting-start', '17:30');
  await page.fill('#meeting-end', '19:30');
  await page.check('#meeting-scope-following');
  await submit(page, 'main form[action$="/edit"] button[type=submit]');
  assert.match(page.url(), /done=saved$/);
  assert.match(await page.textContent('main'), /17:30/);

  await page.goto(`${BASE}/bodies/consejo-cdmx/meetings`);
  const links = await page.locator('a.meeting-title', { hasText: 'Serie sin JavaScript' }).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.equal(links.length, 3);
  await page.goto(`${BASE}${links[2]}/edit`);
  await page.fill('#cancel-reason', 'Coincide con el informe anual');
  await submit(page, 'main form[action$="/cancel"] button[type=submit]');
  assert.match(page.url(), /done=cancelled$/);
  assert.match(await page.textContent('main'), /Cancelada/);
  await assertAccessibleWithoutScripts(browser, `${BASE}/bodies/consejo-cdmx/meetings`);

  // Attendance without JavaScript: saved, and the quorum shown from the server.
  await page.goto(`${BASE}/bodies/consejo-cdmx/meetings/${key}/attendance`);
  assert.equal(await page.locator('[data-hydrated="true"]').count(), 0);
  // "Everyone present" fills the blank lines (a reload, nothing saved yet).
  await submit(page, 'a[href="?fill=present"]');
  const radios = page.locator('input[type=radio][value=present]');
  const n = await radios.count();
  for (let i = 0; i < n; i++) assert.equal(await radios.nth(i).isChecked(), true);
  await page.setViewportSize({ width: 390, height: 844 });
  // Compact at 390 px: each person's choices in two short rows (it was
  // half a screen a person), no word cut, nothing wider than the screen.
  await page.screenshot({ path: 'screenshots/attendance-390.png', fullPage: true });
  const rowHeight = await page.locator('fieldset.attendee').first().evaluate((e) => e.getBoundingClientRect().height);
  assert.ok(rowHeight < 200, `an attendee takes ${rowHeight} px`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= 390), true);
  await submit(page, 'form.attendance button[type=submit]');
  assert.match(page.url(), /done=attendance$/);
  assert.match(await page.textContent('[data-testid=quorum]'), /Hay quórum/);
  await context.close();
});

test('a meeting recorded by mistake: past date asked again, held after a second look and undone, then deleted', async () => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({
      locale: 'es-MX', viewport: { width: 390, height: 844 },
      storageState: await admin.context().storageState(),
    });
    // Without the application's scripts (axe still runs in the page).
    if (!javaScriptEnabled) await context.route(/\.(js|wasm)(\?.*)?$/, (route) => route.abort());
    const page = await context.newPage();
    const title = `Por error ${javaScriptEnabled ? 'con' : 'sin'} JS`;
    await page.goto(`${BASE}/bodies/consejo-tijuana/meetings/new`);
    await page.fill('#meeting-title', title);
    await page.fill('#meeting-date', inDays(javaScriptEnabled ? -2 : -3));
    await submit(page, 'main form button[type=submit]');
    // A past date: said beside the field, the typing kept, a box to mean it.
    assert.match(await page.textContent('#meeting-date-error'), /ya pasó/);
    assert.equal(await page.inputValue('#meeting-title'), title);
    await assertAccessible(page);
    await page.check('#meeting-past');
    await submit(page, 'main form button[type=submit]');
    assert.match(page.url(), /\?done=scheduled$/);
    const meeting = page.url().split('?')[0];

    // "Held" only after a second look, and undone.
    assert.equal(await page.isVisible('details.confirm form[action$="/held"] button'), false);
    await page.click('details.confirm summary:has-text("Marcar como celebrada")');
    await assertAccessible(page);
    await page.screenshot({ path: `screenshots/meeting-held-confirm-${javaScriptEnabled ? 'js' : 'nojs'}-390.png`, fullPage: true });
    await submit(page, 'form[action$="/held"] button[type=submit]');
    assert.match(page.url(), /\?done=held$/);
    assert.match(await page.textContent('.eyebrow'), /Celebrada/);
    await submit(page, 'form[action$="/unheld"] button[type=submit]');
    assert.match(page.url(), /\?done=unheld$/);
    assert.match(await page.textContent('.eyebrow'), /Programada/);

    // Deleted: nobody was told of a past meeting, so no mail goes.
    await page.click('details.confirm summary:has-text("Eliminar la sesión")');
    assert.match(await page.textContent('form[action$="/delete"]'), /Nadie recibió aviso/);
    await submit(page, 'form[action$="/delete"] button[type=submit]');
    assert.match(page.url(), /\/bodies\/consejo-tijuana\/meetings\?done=deleted$/);
    assert.match(await page.textContent('main'), /quedó eliminada/);
    assert.equal(await page.locator('a.meeting-title', { hasText: title }).count(), 0);
    assert.equal((await page.goto(meeting)).status(), 404);
    await context.close();
  }
});
