// A council from its first day, run by two people with their own accounts:
// an administrator creates an authority (business days and holidays) and a
// council and invites its secretary; the secretary loads the roster from a
// CSV (previewed: role, term and consent per row), invites a member from
// their row of the members table, submits a demand whose deadline follows
// the authority's calendar, schedules a series, moves one session and
// deletes another, takes attendance with "everyone present", publishes the
// minutes and sees the calendar feed change, and downloads the council's
// data; the administrator of an empty installation uploads it, and that
// installation gives back the same document. Once on a phone without
// JavaScript in Spanish, once on a desktop with it in English; axe on every
// page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, assertAccessible, BASE } from './helpers.mjs';
import { messages, waitForLink, waitForMessage } from './mail.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const EMPTY = process.env.EMPTY_BASE_URL;
const TZ = 'America/Mexico_City';

let browser;
let adminState; // the administrator's session on this installation
let emptyState; // the administrator's session on the empty one
before(async () => {
  browser = await launch();
  const accept = async (url, name, password) => {
    const context = await browser.newContext({ locale: 'es-MX' });
    const page = await context.newPage();
    await page.goto(url);
    await page.fill('#accept-name', name);
    await page.fill('#accept-password', password);
    await page.fill('#accept-confirm', password);
    await submit(page, 'main form button[type=submit]');
    const state = await context.storageState();
    await context.close();
    return state;
  };
  adminState = await accept(process.env.STORY_ADMIN_URL, 'Administración Historia', 'clave de la historia 1');
  emptyState = await accept(process.env.EMPTY_ADMIN_URL, 'Administración Nueva', 'clave de la instalación 1');
});
after(async () => { await browser?.close(); });

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

/** A person's own browser; `scripts: false` blocks the application's JavaScript and wasm. */
async function person({ viewport, locale, scripts }, storageState) {
  const context = await browser.newContext({ viewport, locale, storageState, acceptDownloads: true });
  if (!scripts) await context.route(/\.(js|wasm)(\?.*)?$/, (route) => route.abort());
  const page = await context.newPage();
  page.errors = [];
  if (scripts) page.on('pageerror', (err) => page.errors.push(String(err)));
  return page;
}

async function shot(page, name) {
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: `screenshots/story-${name}-${width}.png`, fullPage: true });
}

const ymd = (t) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(t));
const weekday = (t) => new Intl.DateTimeFormat('en-US', { timeZone: TZ, weekday: 'short' }).format(new Date(t));
const workday = (t, holidays) => !['Sat', 'Sun'].includes(weekday(t)) && !holidays.includes(ymd(t));
const inDays = (n) => ymd(Date.now() + n * 86400000);

/** metrics.md, "Deadlines", business days: add a day at a time, count the working ones. */
function businessDeadline(submitted, n, holidays) {
  let t = Date.parse(submitted);
  for (let counted = 0; counted < n;) {
    t += 86400000;
    if (workday(t, holidays)) counted += 1;
  }
  return ymd(t);
}

/** The next `k` weekdays after today, in the council's time zone. */
function nextWeekdays(k) {
  const out = [];
  for (let t = Date.now() + 86400000; out.length < k; t += 86400000) {
    if (workday(t, [])) out.push(ymd(t));
  }
  return out;
}

/** The text of a message's calendar part (decoded if base64). */
function calendarOf(message) {
  const part = message.split(/\r?\n--/).find((p) => /text\/calendar/i.test(p)) ?? '';
  const [head, ...rest] = part.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  return /base64/i.test(head) ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
}

async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return readFileSync(await file.path(), 'utf8');
}

const WORDS = {
  es: { recorded: /Así quedó registrado/, deleted: 'Eliminar la sesión', moved: /Sesión guardada|guardad/i },
  en: { recorded: /Recorded this way/, deleted: 'Delete the meeting', moved: /saved/i },
};

for (const [tag, sees] of [
  ['phone', { viewport: PHONE, locale: 'es-MX', scripts: false, lang: 'es' }],
  ['desktop', { viewport: DESKTOP, locale: 'en-US', scripts: true, lang: 'en' }],
]) {
  test(`a council's first months, by its secretary and an administrator (${tag})`, async () => {
    const w = WORDS[sees.lang];
    const authority = `autoridad-historia-${tag}`;
    const body = `consejo-historia-${tag}`;
    const admin = await person(sees, adminState);
    await admin.goto(`${BASE}/lang/${sees.lang}?next=/admin`);

    // An authority that counts business days, with the next two weekdays off.
    const holidays = nextWeekdays(2);
    await admin.goto(`${BASE}/admin/authorities/new`);
    await assertAccessible(admin);
    await admin.fill('#authority-key', authority);
    await admin.fill('#authority-name', `Instituto de la Historia ${tag}`);
    await admin.fill('#authority-response_days', '5');
    await admin.selectOption('#authority-day_kind', 'business');
    await submit(admin, 'main form button[type=submit]');
    assert.match(admin.url(), /done=created$/);
    await admin.fill('#holidays-dates', holidays.join(', '));
    await submit(admin, 'form[action$="/holidays"] button[type=submit]');
    assert.equal(await admin.locator('[data-testid=holidays] li').count(), 2);
    await assertAccessible(admin);

    // A council, and its secretary invited to it.
    await admin.goto(`${BASE}/admin/bodies/new`);
    await admin.fill('#body-key', body);
    await admin.fill('#body-name', `Consejo de la Historia ${tag}`);
    await admin.fill('#body-jurisdiction', 'Puebla');
    await admin.fill('#body-timezone', TZ);
    await admin.check('#body-group-transit');
    await admin.fill('#body-seats', '4');
    await submit(admin, 'main form button[type=submit]');
    const secretaryEmail = `secretaria-${tag}@voces.test`;
    await admin.goto(`${BASE}/admin`);
    const sent = messages().length;
    await admin.fill('#invite-email', secretaryEmail);
    await admin.selectOption('#invite-role', 'secretary');
    await admin.selectOption('#invite-body', body);
    await submit(admin, '#invite-h ~ form button[type=submit]');
    const secretaryLink = await waitForLink(secretaryEmail, 'invitations', { after: sent });

    // The secretary, in their own browser, lands on their council's work.
    const sec = await person(sees);
    await sec.goto(secretaryLink);
    await sec.fill('#accept-name', `Secretaría ${tag}`);
    await sec.fill('#accept-password', `clave de secretaría ${tag}`);
    await sec.fill('#accept-confirm', `clave de secretaría ${tag}`);
    await submit(sec, 'main form button[type=submit]');
    assert.match(sec.url(), /\/pending/);
    await sec.goto(`${BASE}/lang/${sees.lang}?next=/bodies/${body}/members/import`);
    await assertAccessible(sec);

    // The roster from a spreadsheet: previewed with role, term and consent.
    const mail = (k) => `integrante-${k}-${tag}@voces.test`;
    const roster = [
      'key,name,email,public,role,gender,migrant_group,term_start,term_end',
      `p1,Paula Ríos,${mail('p1')},true,chair,woman,immigrant,2025-01-01,`,
      `p2,Pedro Núñez,${mail('p2')},false,representative,man,transit,2025-01-01,`,
      `p3,Wendy Joseph,${mail('p3')},true,representative,woman,refugee,2025-01-01,`,
      `p4,Omar Haddad,${mail('p4')},true,alternate,man,returnee,2025-01-01,`,
      `p5,Ana Antes,,true,representative,woman,emigrant,2023-01-01,2024-12-31`,
    ].join('\n') + '\n';
    await sec.fill('#csv-text', roster);
    await submit(sec, 'main form:not(.confirm-form) button[type=submit]');
    assert.equal(await sec.locator('#rows-h + .table-wrap tbody tr').count(), 5);
    assert.match(await sec.textContent('#rows-h + .table-wrap tbody tr:nth-child(2)'), /2025-01-01/);
    await assertAccessible(sec);
    await shot(sec, `roster-preview-${tag}`);
    await submit(sec, '.confirm-form button');
    assert.match(sec.url(), new RegExp(`/bodies/${body}/members\\?done=imported&count=5$`));

    // The members as a table, current and former apart; filtered; one
    // invited from their row.
    assert.equal(await sec.locator('section.roster-current tbody tr').count(), 4);
    assert.equal(await sec.locator('section.roster-former tbody tr').count(), 1);
    await assertAccessible(sec);
    await shot(sec, `members-${tag}`);
    await sec.fill('#roster-q', 'nunez');
    await submit(sec, '#members-table button[type=submit]');
    assert.equal(await sec.locator('section.roster-current tbody tr').count(), 1);
    const before = messages().length;
    await sec.click('details.row-invite:has(#invite-p2) summary');
    assert.equal(await sec.inputValue('#invite-p2'), mail('p2'), 'the e-mail on file is offered');
    await submit(sec, 'form[action$="/members/p2/invite"] button[type=submit]');
    assert.match(sec.url(), /done=invited/);
    assert.ok(await waitForLink(mail('p2'), 'invitations', { after: before }));
    assert.match(await sec.textContent('section.roster-current'), /Pedro Núñez/);
    await assertAccessible(sec);

    // A demand to the new authority: its deadline skips the weekend and the holidays.
    await sec.goto(`${BASE}/bodies/${body}/demands/new`);
    await sec.fill('#demand-title', `Ventanilla de atención ${tag}`);
    await sec.fill('#demand-text', 'Una ventanilla con intérprete en la oficina de la autoridad.');
    await sec.selectOption('#demand-topic', 'documentation');
    await sec.check(`#demand-authority-${authority}`);
    await submit(sec, 'main form button[type=submit]');
    assert.match(sec.url(), /\?done=submitted$/);
    await assertAccessible(sec);

    // A series of three: one invitation per member, with every date.
    await sec.goto(`${BASE}/bodies/${body}/meetings/new`);
    const first = inDays(7);
    await sec.fill('#meeting-title', `Sesión ordinaria ${tag}`);
    await sec.fill('#meeting-date', first);
    await sec.fill('#meeting-start', '10:00');
    await sec.fill('#meeting-agenda', '1. Padrón\n2. Demandas');
    await sec.selectOption('#meeting-repeat', 'weekly');
    await sec.fill('#meeting-count', '3');
    await submit(sec, 'main form button[type=submit]');
    assert.match(sec.url(), new RegExp(`/meetings/${first}\\?done=scheduled$`));
    const invitation = await waitForMessage(mail('p3'), /method=REQUEST/i);
    assert.equal((calendarOf(invitation).match(/BEGIN:VEVENT/g) ?? []).length, 3, 'one .ics with the three dates');
    assert.equal(messages().filter((m) => m.startsWith(`X-Envelope-To: ${mail('p3')}`) && /method=REQUEST/i.test(m)).length, 1,
      'one invitation for the series, not one per session');

    // The second session moves a day (its address stays); the third is deleted.
    await sec.goto(`${BASE}/bodies/${body}/meetings`);
    const series = await sec.locator('a.meeting-title', { hasText: `Sesión ordinaria ${tag}` })
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.equal(series.length, 3);
    await sec.goto(`${BASE}${series[1]}/edit`);
    await assertAccessible(sec);
    await sec.fill('#meeting-date', inDays(15));
    await submit(sec, 'main form[action$="/edit"] button[type=submit]');
    assert.ok(sec.url().startsWith(`${BASE}${series[1]}`), 'a moved session keeps its address');
    assert.ok(await sec.locator(`main time[datetime^="${inDays(15)}"]`).count() >= 1, "the new date is shown");
    await sec.goto(`${BASE}${series[2]}`);
    await sec.click(`details.confirm summary:has-text("${w.deleted}")`);
    await assertAccessible(sec);
    await submit(sec, 'form[action$="/delete"] button[type=submit]');
    assert.match(sec.url(), /\/meetings\?done=deleted$/);
    assert.equal(await sec.locator('a.meeting-title', { hasText: `Sesión ordinaria ${tag}` }).count(), 2);

    // Yesterday's session: everyone present, the quorum recorded with it.
    await sec.goto(`${BASE}/bodies/${body}/meetings/new`);
    const yesterday = inDays(-1);
    await sec.fill('#meeting-title', `Sesión de instalación ${tag}`);
    await sec.fill('#meeting-date', yesterday);
    await sec.fill('#meeting-start', '10:00');
    // A past date is asked again, with a box to mean it.
    await submit(sec, 'main form button[type=submit]');
    await sec.check('#meeting-past');
    await submit(sec, 'main form button[type=submit]');
    await sec.goto(`${BASE}/bodies/${body}/meetings/${yesterday}/attendance`);
    if (sees.scripts) {
      await sec.waitForSelector('[data-hydrated="true"]');
      await sec.click('a[href="?fill=present"]');
    } else {
      await submit(sec, 'a[href="?fill=present"]');
    }
    const present = sec.locator('input[type=radio][value=present]');
    for (let i = 0; i < await present.count(); i++) assert.equal(await present.nth(i).isChecked(), true);
    await assertAccessible(sec);
    await shot(sec, `attendance-${tag}`);
    await submit(sec, 'form.attendance button[type=submit]');
    assert.match(sec.url(), /done=attendance$/);
    await sec.goto(`${BASE}/bodies/${body}/meetings/${yesterday}`);
    assert.match(await sec.textContent('.recorded-quorum'), w.recorded);

    // The minutes published: the calendar feed says so.
    const feed = async () => (await (await sec.request.get(`${BASE}/bodies/${body}/calendar.ics`)).text()).replace(/\r\n[ \t]/g, '');
    const feedBefore = await feed();
    await sec.fill('#minutes-minutes', '## Acuerdos\n\n- Se instaló el consejo.');
    await submit(sec, 'button[name=action][value=publish]');
    const feedAfter = await feed();
    assert.notEqual(feedAfter, feedBefore);
    assert.match(feedAfter, /Acta \/ Minutes:/);
    await assertAccessible(sec);
    await shot(sec, `minutes-${tag}`);

    // The council's data, downloaded from its page: the deadline followed
    // the authority's calendar.
    await sec.goto(`${BASE}/bodies/${body}`);
    const text = await download(sec, `a[href="/bodies/${body}/export.json"]`);
    const doc = JSON.parse(text);
    const demand = doc.bodies[0].demands[0];
    const referral = demand.referrals[0];
    assert.equal(referral.authority, authority);
    assert.equal(referral.due_at.slice(0, 10), businessDeadline(demand.submitted_at, 5, holidays));
    assert.notEqual(referral.due_at.slice(0, 10), businessDeadline(demand.submitted_at, 5, []), 'the holidays count');
    assert.ok(doc.bodies[0].meetings.some((m) => m.quorum_record), 'the recorded quorum travels');
    const zip = await sec.request.get(`${BASE}/bodies/${body}/export.zip`);
    assert.equal(zip.headers()['content-type'], 'application/zip');

    // An empty installation takes it whole and gives back the same document.
    const fresh = await person(sees, emptyState);
    await fresh.goto(`${EMPTY}/lang/${sees.lang}?next=/admin/import`);
    await assertAccessible(fresh);
    await fresh.setInputFiles('#import-file', { name: `${body}.json`, mimeType: 'application/json', buffer: Buffer.from(text) });
    await submit(fresh, 'main form button[type=submit]');
    assert.equal(await fresh.locator('[data-testid=imported]').count(), 1);
    await assertAccessible(fresh);
    await fresh.goto(`${EMPTY}/bodies/${body}`);
    assert.match(await fresh.textContent('h1'), new RegExp(`Consejo de la Historia ${tag}`));
    const again = await (await fresh.request.get(`${EMPTY}/bodies/${body}/export.json`)).text();
    assert.equal(again, text, 'export → import → export gives the same bytes');

    assert.deepEqual(admin.errors, []);
    assert.deepEqual(sec.errors, []);
    assert.deepEqual(fresh.errors, []);
    for (const p of [admin, sec, fresh]) await p.context().close();
  });
}
