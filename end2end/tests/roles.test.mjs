// Each role with its own account, none of them an administrator, in two
// passes (each person once on a phone without JavaScript and once on a
// desktop with it; the official once in English): a representative
// submits a demand to two authorities, answers COMAR's clarification,
// assesses its answer and contests the "implemented" claim; COMAR's
// official works the inbox in order, asks for the clarification, reviews
// and publishes the answer; the council's secretary sees their pending
// work and the weekly digest of overdue cases in the mail. axe on every
// page visited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, assertAccessible, BASE } from './helpers.mjs';
import { messages, waitForLink, waitForMessage } from './mail.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

/** A person's own browser; `scripts: false` blocks the application's JavaScript and wasm. */
async function person({ viewport, locale, scripts = true }) {
  const context = await browser.newContext({ viewport, locale });
  if (!scripts) await context.route(/\.(js|wasm)(\?.*)?$/, (route) => route.abort());
  const page = await context.newPage();
  page.errors = [];
  // (Without scripts, the blocked module's load failure is expected.)
  if (scripts) page.on('pageerror', (err) => page.errors.push(String(err)));
  return page;
}

/** A full-page picture for people to look at (end2end/screenshots/, not committed). */
async function shot(page, name) {
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: `screenshots/roles-${name}-${width}.png`, fullPage: true });
}

async function accept(page, link, name, password) {
  await page.goto(link);
  await page.fill('#accept-name', name);
  await page.fill('#accept-password', password);
  await page.fill('#accept-confirm', password);
  await submit(page, 'main form button[type=submit]');
}

/** The review step: what will be published is shown, then published. */
async function reviewAndPublish(page, card, form, publish = 'Publicar') {
  await submit(page, `${card} ${form} >> nth=0 >> button[type=submit]`);
  const review = page.locator(`${card} section.review`);
  assert.equal(await review.count(), 1, 'a review step before anything is published');
  await assertAccessible(page);
  await page.screenshot({ path: `screenshots/roles-review-${page.viewportSize()?.width}.png` });
  // The page opens at the button that publishes.
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), publish);
  await submit(page, `${card} section.review button[type=submit]`);
  assert.match(page.url(), /\?done=(event|verdict)/);
  await assertAccessible(page);
}

/** One pass of the whole story; `c` says who uses what (screen, scripts, language). */
async function story(c) {
  // An administrator only opens the accounts.
  const admin = await person({ viewport: DESKTOP, locale: 'es-MX' });
  await accept(admin, c.adminUrl, `Administración ${c.tag}`, `clave de roles ${c.tag}`);
  const invite = async (email, role, scope) => {
    await admin.goto(`${BASE}/admin`);
    const before = messages().length;
    await admin.fill('#invite-email', email);
    await admin.selectOption('#invite-role', role);
    await admin.selectOption(role === 'official' ? '#invite-authority' : '#invite-body', scope);
    await submit(admin, '#invite-h ~ form button[type=submit]');
    return waitForLink(email, 'invitations', { after: before });
  };
  const secLink = await invite(c.secretary, 'secretary', c.secretaryOf);
  const officialLink = await invite(c.official, 'official', 'comar');
  await admin.goto(`${BASE}/bodies/consejo-tijuana/members`);
  const sent = messages().length;
  // The roster is a table; a row's invitation opens from its row.
  await admin.locator(`details.row-invite:has(#invite-${c.member}) summary`).click();
  await admin.fill(`#invite-${c.member}`, c.rep);
  await submit(admin, `form[action$="/members/${c.member}/invite"] button[type=submit]`);
  const repLink = await waitForLink(c.rep, 'invitations', { after: sent });
  // The invitation says the role and the council.
  assert.match(await waitForMessage(c.rep, /invitations/), /representante del Consejo/);

  // The representative lands on what needs them, with the main action.
  const rep = await person(c.repSees);
  await accept(rep, repLink, c.repName, `clave de ${c.tag} 1`);
  assert.match(rep.url(), /\/pending\?done=welcome$/);
  await assertAccessible(rep);
  await shot(rep, `representative-pending-${c.tag}`);
  assert.match(await rep.textContent('header'), /Presentar una demanda/);
  await submit(rep, 'main a.button.primary:has-text("Presentar una demanda")');
  assert.match(rep.url(), /\/bodies\/consejo-tijuana\/demands\/new$/);
  await assertAccessible(rep);
  await rep.fill('#demand-title', c.title);
  await rep.fill('#demand-text', 'Pedimos intérpretes de **kreyòl** en cada audiencia de asilo.');
  await rep.selectOption('#demand-topic', 'asylum');
  await rep.check('#demand-authority-comar');
  await rep.check('#demand-authority-inm');
  await submit(rep, 'main form button[type=submit]');
  assert.match(rep.url(), /\?done=submitted$/);
  assert.equal(await rep.locator('article.referral').count(), 2);
  await assertAccessible(rep);
  const demandUrl = rep.url().split('?')[0];

  // A second demand, sent by mistake: withdrawn through its review step,
  // after which it says so, its clocks stop and nobody can answer it.
  await rep.goto(`${BASE}/bodies/consejo-tijuana/demands/new`);
  await rep.fill('#demand-title', `${c.title} (duplicada)`);
  await rep.fill('#demand-text', 'Enviada dos veces por error.');
  await rep.selectOption('#demand-topic', 'asylum');
  await rep.check('#demand-authority-comar');
  await submit(rep, 'main form button[type=submit]');
  await submit(rep, 'form[action$="/withdraw"] button[type=submit]');
  assert.match(await rep.textContent('section.review'), /¿Retirar esta demanda\?/);
  assert.match(await rep.textContent('section.review'), /Comisión Mexicana de Ayuda a Refugiados/);
  await assertAccessible(rep);
  await shot(rep, `withdraw-review-${c.tag}`);
  await submit(rep, 'section.review button[type=submit]');
  assert.match(rep.url(), /\?done=withdrawn$/);
  assert.match(await rep.locator('article.referral .status').first().textContent(), /Retirada/);
  assert.equal(await rep.locator('article.referral form').count(), 0);
  assert.doesNotMatch(await rep.textContent('article.referral'), /Vence en/);
  await assertAccessible(rep);

  // COMAR's official, in English: the inbox in working order.
  const official = await person(c.officialSees);
  await accept(official, officialLink, `Enlace COMAR ${c.tag}`, `enlace comar ${c.tag}`);
  assert.match(official.url(), /\/pending\?done=welcome$/);
  assert.match(await official.textContent('#inbox-h'), c.words.inbox);
  await assertAccessible(official);
  await shot(official, `official-pending-${c.tag}`);
  await official.goto(`${BASE}/inbox`);
  await assertAccessible(official);
  await shot(official, `official-inbox-${c.tag}`);
  const rows = await official.$$eval('ul.demand-list > li', (items) => items.map((li) => ({
    overdue: !!li.querySelector('.status.s-overdue'),
    answered: !!li.querySelector('.s-accepted, .s-partially_accepted, .s-rejected, .s-implemented, .s-contested'),
    deadline: li.querySelector('.deadline time')?.getAttribute('datetime'),
  })));
  assert.ok(rows.length > 0);
  const group = (r) => (r.overdue ? 0 : r.answered ? 2 : 1);
  for (let i = 1; i < rows.length; i += 1) {
    assert.ok(group(rows[i - 1]) <= group(rows[i]), `row ${i}: overdue, then open, then answered`);
    if (group(rows[i]) === 0 && group(rows[i - 1]) === 0) {
      assert.ok(Date.parse(rows[i - 1].deadline) <= Date.parse(rows[i].deadline), 'the most overdue first');
    }
  }
  assert.match(await official.textContent('ul.demand-list .deadline'), c.words.deadline);
  // Ordered by urgency: the pager says "next", not "older".
  if (await official.locator('nav.pager a[rel=next]').count()) {
    assert.match(await official.textContent('nav.pager a[rel=next]'), /Next|Siguientes/);
  }

  // The official asks for a clarification, through the review step.
  const card = 'article.referral:has-text("Comisión Mexicana de Ayuda a Refugiados")';
  await official.goto(demandUrl);
  await assertAccessible(official);
  await official.locator(`${card} select[name=kind]`).selectOption('clarification_requested');
  await official.locator(`${card} textarea[name=text]`).fill('¿En qué sedes?');
  await reviewAndPublish(official, card, 'form[action$="/events"]', c.words.publish);
  assert.match(official.url(), /done=event/);

  // The representative answers it from their pending page.
  await rep.goto(`${BASE}/pending`);
  assert.match(await rep.textContent('main'), /Aclaraciones que pide una autoridad/);
  await assertAccessible(rep);
  await submit(rep, `main a.demand-title:has-text("${c.title}") >> nth=0`);
  await rep.locator(`${card} form:has(input[value=clarification_provided]) textarea`).fill('Tijuana y Tapachula.');
  await reviewAndPublish(rep, card, 'form:has(input[value=clarification_provided])');

  // The official reports it implemented: the review says who is told.
  await official.goto(demandUrl);
  await official.locator(`${card} select[name=kind]`).selectOption('implemented');
  await official.locator(`${card} textarea[name=text]`).fill('Contratamos intérpretes de kreyòl.');
  await submit(official, `${card} form[action$="/events"] >> nth=0 >> button[type=submit]`);
  assert.match(await official.textContent(`${card} section.review`), c.words.told);
  await shot(official, `official-review-${c.tag}`);
  await submit(official, `${card} section.review button[type=submit]`);
  await assertAccessible(official);
  // The council hears of it, the words quoted.
  await waitForMessage(c.rep, /Contratamos int=C3=A9rpretes|Contratamos intérpretes/);

  // The representative assesses it from their pending page and contests it.
  await rep.goto(`${BASE}/pending`);
  assert.match(await rep.textContent('main'), /Respuestas por valorar/);
  await assertAccessible(rep);
  await submit(rep, `main a.demand-title:has-text("${c.title}") >> nth=0`);
  await rep.locator(`${card} select[name=verdict]`).selectOption('unsatisfied');
  await rep.locator(`${card} form[action$="/verdicts"] textarea`).fill('Solo hubo intérprete en una sede.');
  await reviewAndPublish(rep, card, 'form[action$="/verdicts"]');
  assert.match(await rep.locator(`${card} .status`).first().textContent(), /Impugnada/);
  await assertAccessible(rep);
  await shot(rep, `representative-contested-${c.tag}`);
  // The authority is told that its claim is contested.
  await waitForMessage(c.official, c.words.contested);

  // The secretary: their council's pending work, and the weekly digest of
  // overdue cases, once however many times the job runs.
  const sec = await person(c.secretarySees);
  await accept(sec, secLink, `Secretaría ${c.tag}`, `clave de secretaria ${c.tag}`);
  assert.match(sec.url(), /\/pending\?done=welcome$/);
  assert.match(await sec.textContent('main'), /Consejo/);
  await assertAccessible(sec);
  await shot(sec, `secretary-pending-${c.tag}`);
  for (let i = 0; i < 2; i += 1) {
    execFileSync('../target/debug/server', ['remind'], { stdio: 'ignore' });
  }
  const digest = await waitForMessage(c.secretary, /Resumen semanal/);
  assert.match(digest, /vencida/);
  if (c.reminders) {
    // A deadline in five days and one passed ten days ago: each told once.
    await waitForMessage(c.secretary, /debe responder la demanda/);
    await waitForMessage(c.secretary, /no respondi(=C3=B3|ó) la demanda/);
    assert.match(digest, /Demanda vencida/);
  }
  await new Promise((r) => setTimeout(r, 1500));
  const digests = messages().filter((m) => m.startsWith(`X-Envelope-To: ${c.secretary}`) && /Resumen semanal/.test(m));
  assert.equal(digests.length, 1, 'one digest a week');

  for (const p of [admin, rep, official, sec]) assert.deepEqual(p.errors, []);
}

/** A council of its own with one demand due in five days and one ten days
 * overdue (dates from now), imported while the server runs. */
function importDeadlines() {
  const day = 86400000;
  const now = Date.now();
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  const demand = (key, title, daysAgo) => ({
    key, title, text: 'Texto de prueba.', topic: 'documentation', submitted_by: 'r1',
    submitted_at: iso(now - daysAgo * day), confidential: false,
    referrals: [{ authority: 'autoridad-roles', events: [] }],
  });
  const doc = {
    format: 'voces-dataset/1',
    authorities: [{
      key: 'autoridad-roles', name: 'Instituto de Pruebas de Plazos', acronym: 'IPP', level: 'federal',
      response_days: 30, day_kind: 'calendar', holidays: [],
    }],
    bodies: [{
      key: 'consejo-roles', name: 'Consejo de Pruebas de Plazos', level: 'municipal', jurisdiction: 'Tijuana',
      timezone: 'America/Tijuana', groups_served: ['transit'], regions: [],
      members: [{
        key: 'r1', name: 'Persona de Prueba', public: true, role: 'representative', gender: 'woman',
        migrant_group: 'transit', term_start: '2025-01-01',
      }],
      meetings: [],
      demands: [demand('d-pronto', 'Demanda que vence pronto', 25), demand('d-vencida', 'Demanda vencida', 40)],
    }],
  };
  const dir = mkdtempSync(join(tmpdir(), 'voces-roles-'));
  const file = join(dir, 'plazos.json');
  writeFileSync(file, JSON.stringify(doc));
  execFileSync('../target/debug/server', ['import', file], { stdio: 'ignore' });
}

const SPANISH = {
  inbox: /Tu bandeja/, deadline: /Plazo:.*hora de .*, UTC/, publish: 'Publicar',
  told: /Se avisará por correo a/, contested: /informa como cumplida la demanda/,
};
const ENGLISH = {
  inbox: /Your inbox/, deadline: /Deadline:.*time, UTC/, publish: 'Publish',
  told: /Will be told by e-mail/, contested: /contests the claim of implementation/,
};

test('each role at 390 px without JavaScript or on a desktop with it: the representative on a phone, the official in English', async () => {
  await story({
    tag: 'a', adminUrl: process.env.ROLES_ADMIN_URL,
    member: 'm08', repName: 'Roseline Jean-Louis', rep: 'roseline@voces.test',
    official: 'comar-roles@voces.test', secretary: 'secretaria-roles@voces.test', secretaryOf: 'consejo-tijuana',
    title: 'Intérpretes de kreyòl en las audiencias de asilo',
    repSees: { viewport: PHONE, locale: 'es-MX', scripts: false },
    officialSees: { viewport: DESKTOP, locale: 'en-US' },
    secretarySees: { viewport: DESKTOP, locale: 'es-MX' },
    words: ENGLISH,
  });
});

test('and the other way round: the representative on a desktop, the official and the secretary on a phone without JavaScript', async () => {
  importDeadlines();
  await story({
    tag: 'b', adminUrl: process.env.ROLES_ADMIN_B_URL,
    member: 'm10', repName: 'Génesis Villegas Linares', rep: 'genesis@voces.test',
    official: 'comar-roles-b@voces.test', secretary: 'secretaria-roles-b@voces.test',
    // This secretary runs a council whose deadlines fall now: the per-case
    // reminders as well as the digest.
    secretaryOf: 'consejo-roles', reminders: true,
    title: 'Traducción de resoluciones de la COMAR al kreyòl',
    repSees: { viewport: DESKTOP, locale: 'es-MX' },
    officialSees: { viewport: PHONE, locale: 'es-MX', scripts: false },
    secretarySees: { viewport: PHONE, locale: 'es-MX', scripts: false },
    words: SPANISH,
  });
});
