// Hostile text in every free-text field (end2end/data/xss.json, imported by
// run.sh: names, titles, places, Markdown agendas, minutes and demand texts,
// answer texts, notes, evidence links) stays text on every page: no script
// runs, no element carries an event handler, no link is javascript:, and the
// policy (Content-Security-Policy) reports no blocked attempt either.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, waitForHydration, BASE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PUBLIC = [
  '/',
  '/demands',
  '/demands?q=Demanda',
  '/meetings',
  '/authorities/xss-auth',
  '/bodies/xss-consejo',
  '/bodies/xss-consejo/members',
  '/bodies/xss-consejo/meetings',
  '/bodies/xss-consejo/meetings/s1',
  '/bodies/xss-consejo/meetings/s2',
  '/bodies/xss-consejo/demands/d1',
];
// What a manager sees besides: forms filled with the hostile values.
const MANAGER = [
  '/inbox',
  '/admin/audit',
  '/bodies/xss-consejo/settings',
  '/bodies/xss-consejo/members/m1/edit',
  '/bodies/xss-consejo/meetings/s1/edit',
  '/bodies/xss-consejo/meetings/s1/attendance',
  '/bodies/xss-consejo/demands/d1/edit',
];

async function inert(page, path) {
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
  });
  const resp = await page.goto(`${BASE}${path}`);
  assert.ok(resp.status() < 500, `${path}: ${resp.status()}`);
  // Give any injected handler (onerror of a broken image, onload) a chance.
  await page.waitForTimeout(300);
  const found = await page.evaluate(() => {
    const handlers = [...document.querySelectorAll('*')]
      .filter((el) => [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on')))
      .map((el) => el.outerHTML.slice(0, 80));
    const jsLinks = [...document.querySelectorAll('[href],[src],[action]')]
      .map((el) => el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('action'))
      .filter((u) => /^\s*javascript:/i.test(u));
    const scripts = [...document.querySelectorAll('script')]
      .filter((s) => s.textContent.includes('__xss')).length;
    return { ran: window.__xss ?? null, handlers, jsLinks, scripts, violations: window.__violations };
  });
  assert.deepEqual(found, { ran: null, handlers: [], jsLinks: [], scripts: 0, violations: [] }, path);
  assert.deepEqual(dialogs, [], path);
  // The text is there, as text.
  const text = await page.textContent('body');
  return text;
}

test('hostile text is shown as text on every public page', async () => {
  let seen = 0;
  for (const path of PUBLIC) {
    const page = await newPage(browser);
    const text = await inert(page, path);
    if (text.includes('<img src=x onerror=') || text.includes('<svg onload=')) seen += 1;
    await page.close();
  }
  assert.ok(seen >= 5, `the payloads were shown as text on only ${seen} pages`);
  // And after hydration (the islands render some of it in the browser).
  const page = await newPage(browser);
  await inert(page, '/');
  await waitForHydration(page);
  await page.fill('#body-filter', 'prueba');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__xss ?? null), null);
  assert.deepEqual(page.errors, []);
});

test('hostile text is inert in the managers\' pages and forms', async () => {
  const page = await newPage(browser);
  await page.goto(process.env.XSS_ADMIN_URL);
  await page.fill('#accept-name', 'Revisión XSS');
  await page.fill('#accept-password', 'clave de la revision 1');
  await page.fill('#accept-confirm', 'clave de la revision 1');
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  for (const path of MANAGER) {
    await inert(page, path);
  }
  // A form shows the hostile value back as the field's value, unchanged.
  await page.goto(`${BASE}/bodies/xss-consejo/members/m1/edit`);
  assert.match(await page.inputValue('input[name=name]'), /^Persona <img src=x onerror=/);
});
