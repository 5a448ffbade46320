// Accounts end to end, with the mails read from the real SMTP server:
// invite → accept → sign out → sign in → reset. The forms are used with the
// page's scripts and wasm blocked (what a browser without JavaScript gets),
// and every page is checked with axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, assertAccessible, BASE } from './helpers.mjs';
import { messages, waitForLink } from './mail.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A person's own browser, without the application's JavaScript. */
async function person() {
  const context = await browser.newContext({ locale: 'es-MX' });
  await context.route(/\.(js|wasm)(\?.*)?$/, (route) => route.abort());
  return context.newPage();
}

async function submit(page, button) {
  await Promise.all([page.waitForNavigation(), page.click(button)]);
}

test('invite, accept, sign out, sign in, reset — forms without JavaScript', async () => {
  // The first administrator's invitation was printed by `server create-admin`
  // and mailed through SMTP.
  const mailed = await waitForLink('admin@voces.test', 'invitations');
  assert.equal(mailed, process.env.ADMIN_INVITE_URL);

  const admin = await person();
  let resp = await admin.goto(mailed);
  assert.equal(resp.status(), 200);
  await assertAccessible(admin);
  // A mismatch comes back with the problem beside the field.
  await admin.fill('#accept-name', 'Ana Administradora');
  await admin.fill('#accept-password', 'una frase larga 1');
  await admin.fill('#accept-confirm', 'una frase larga 2');
  await submit(admin, 'main form button[type=submit]');
  assert.match(await admin.textContent('#accept-confirm-error'), /no coinciden/);
  assert.equal(await admin.inputValue('#accept-name'), 'Ana Administradora');
  await assertAccessible(admin);
  await admin.fill('#accept-password', 'una frase larga 1');
  await admin.fill('#accept-confirm', 'una frase larga 1');
  await submit(admin, 'main form button[type=submit]');
  assert.match(admin.url(), /\/pending\?done=welcome$/);
  assert.match(await admin.textContent('[role=status]'), /bienvenida/);
  await assertAccessible(admin);

  // The administrator invites an official.
  await admin.goto(`${BASE}/admin`);
  await assertAccessible(admin);
  const before = messages().length;
  await admin.fill('#invite-email', 'oficial@voces.test');
  await admin.selectOption('#invite-role', 'official');
  await admin.selectOption('#invite-authority', 'inm');
  await submit(admin, '#invite-h ~ form button[type=submit]');
  assert.match(await admin.textContent('[role=status]'), /oficial@voces\.test/);
  assert.match(await admin.textContent('table'), /Pendiente/);

  const link = await waitForLink('oficial@voces.test', 'invitations', { after: before });
  const official = await person();
  await official.goto(link);
  await official.fill('#accept-name', 'Óscar Oficial');
  await official.fill('#accept-password', 'clave del oficial 1');
  await official.fill('#accept-confirm', 'clave del oficial 1');
  await submit(official, 'main form button[type=submit]');
  // An official lands on what needs them: the inbox, overdue first.
  assert.match(official.url(), /\/pending\?done=welcome$/);
  assert.match(await official.textContent('#inbox-h'), /bandeja/i);
  await assertAccessible(official);
  await official.goto(`${BASE}/account`);
  assert.match(await official.textContent('main'), /Funcionario\/a — Instituto Nacional de Migración/);
  // The link works once.
  resp = await official.goto(link);
  assert.equal(resp.status(), 410);

  // Sign out, then a wrong and a right password.
  await submit(official, 'header form[action="/logout"] button');
  assert.match(official.url(), /\/login\?done=signed_out$/);
  await assertAccessible(official);
  await official.fill('#login-email', 'oficial@voces.test');
  await official.fill('#login-password', 'no es la clave');
  await submit(official, 'main form button[type=submit]');
  assert.match(await official.textContent('[role=alert]'), /no son correctas/);
  await assertAccessible(official);
  await official.fill('#login-password', 'clave del oficial 1');
  await submit(official, 'main form button[type=submit]');
  assert.match(official.url(), /\/pending$/);

  // Forgotten password: the link arrives by mail and signs in.
  await submit(official, 'header form[action="/logout"] button');
  await official.goto(`${BASE}/reset`);
  await assertAccessible(official);
  const beforeReset = messages().length;
  await official.fill('#reset-email', 'oficial@voces.test');
  await submit(official, 'main form button[type=submit]');
  assert.match(await official.textContent('[role=status]'), /enlace va en camino/);
  const reset = await waitForLink('oficial@voces.test', 'reset', { after: beforeReset });
  await official.goto(reset);
  await assertAccessible(official);
  await official.fill('#reset_complete-password', 'clave nueva del oficial');
  await official.fill('#reset_complete-confirm', 'clave nueva del oficial');
  await submit(official, 'main form button[type=submit]');
  assert.match(official.url(), /\/account\?done=password_changed$/);
  await submit(official, 'header form[action="/logout"] button');
  await official.fill('#login-email', 'oficial@voces.test');
  await official.fill('#login-password', 'clave nueva del oficial');
  await submit(official, 'main form button[type=submit]');
  assert.match(official.url(), /\/pending$/);

  // The administrator sees it all in the audit log.
  await admin.goto(`${BASE}/admin/audit?entity=account`);
  assert.match(await admin.textContent('table'), /password_reset/);
  await assertAccessible(admin);
});
