// The annual report a council hands in: reached from its page, its figures
// are the API's at the year's end, on a phone without JavaScript and on a
// desktop with it, in both languages; printed to PDF by Chromium it is an
// A4 document of a few pages with no site navigation; the server's own
// PDF, downloaded from the page, holds the same figures; axe clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { launch, newPage, assertAccessible, assertAccessibleWithoutScripts, BASE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const REPORT = '/bodies/consejo-tijuana/informe/2025';

async function api(path) {
  const r = await fetch(`${BASE}${path}`);
  assert.equal(r.status, 200, path);
  return r.json();
}

/// Clicks the report's PDF link `name` and reads the file the browser
/// saves: the server's PDF, its text as poppler's pdftotext reads it.
async function downloadPdf(page, name, path) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  await download.saveAs(path);
  const bytes = readFileSync(path);
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

/// A row's cells of a figures table, by the figure's definition anchor.
async function cells(page, id) {
  const row = page.locator(`.report-table tr:has(a.define[href="/methodology#${id}"])`).first();
  return row.locator('td').allTextContents();
}

test('a council report from its page on a phone without JavaScript, in Spanish', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false, viewport: PHONE });
  await page.goto(`${BASE}/bodies/consejo-tijuana?as_of=2025-12-31`);
  await Promise.all([page.waitForURL(new RegExp(`${REPORT}$`)), page.click(`a[href="${REPORT}"]`)]);
  assert.match(await page.textContent('.eyebrow'), /Informe anual 2025/);
  const [now, before] = await Promise.all([
    api('/api/v1/bodies/consejo-tijuana/metrics?as_of=2025-12-31'),
    api('/api/v1/bodies/consejo-tijuana/metrics?as_of=2024-12-31'),
  ]);
  const referrals = await cells(page, 'referrals');
  assert.deepEqual(referrals.slice(0, 2).map(Number), [now.answers.referrals, before.answers.referrals]);
  const held = await cells(page, 'meetings_held');
  assert.equal(Number(held[0]), now.meetings.meetings_held);
  const members = await cells(page, 'members_active');
  assert.equal(Number(members[0]), now.composition.members_active);
  // The change is this year's less the year before's.
  const d = now.answers.referrals - before.answers.referrals;
  assert.equal(referrals[2], d > 0 ? `+${d}` : d < 0 ? `−${-d}` : '0');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= PHONE.width, `page is ${overflow}px wide`);
  await page.screenshot({ path: 'screenshots/report-es-390.png', fullPage: true });
  // The server's own PDF, A4, without JavaScript: the same figure.
  const text = await downloadPdf(page, 'Descargar PDF (A4)', 'screenshots/report-server-es-a4.pdf');
  assert.match(text, /Informe anual 2025/);
  assert.match(text, new RegExp(`Remisiones\\s+${now.answers.referrals}\\s+${before.answers.referrals}\\s`));
  assert.match(text, /Página 1 de \d/);
  await assertAccessibleWithoutScripts(browser, `${BASE}${REPORT}`);
  // The year's number opens the list that holds it, at the year's end.
  const link = page.locator('.report-table tr:has(a.define[href="/methodology#referrals"]) td a').first();
  await Promise.all([page.waitForNavigation(), link.click()]);
  assert.match(page.url(), /\/referrals\?as_of=2025-12-31T23%3A59%3A59Z&body=consejo-tijuana&window=1/);
  assert.equal(Number(await page.getAttribute('#referrals-total strong', 'data-total')), now.answers.referrals);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an authority report on a desktop with JavaScript, in English', async () => {
  const page = await newPage(browser, { locale: 'en-US', viewport: DESKTOP });
  await page.goto(`${BASE}/authorities/inm/informe/2025`);
  assert.match(await page.textContent('.eyebrow'), /Annual report 2025/);
  const now = await api('/api/v1/authorities/inm/metrics?as_of=2025-12-31');
  assert.equal(Number((await cells(page, 'answered'))[0]), now.answers.answered);
  assert.equal(
    await page.locator('#by-body-h + .table-wrap tbody tr').count(),
    Object.keys(now.by_body).length,
  );
  await page.screenshot({ path: 'screenshots/report-en-1280.png', fullPage: true });
  // The server's PDF in the page's language, on Letter paper.
  const text = await downloadPdf(page, 'PDF (Letter)', 'screenshots/report-server-en-letter.pdf');
  assert.match(text, /Annual report 2025/);
  assert.match(text, /By body/);
  assert.match(text, /Page 1 of \d/);
  await assertAccessible(page);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the council report printed to PDF: A4 pages, no navigation', async () => {
  for (const locale of ['es-MX', 'en-US']) {
    const page = await newPage(browser, { locale, viewport: DESKTOP });
    await page.goto(`${BASE}${REPORT}`);
    // The source line every printed page carries in its margin.
    const source = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--report-source'));
    assert.match(source, /consejo-tijuana\/informe\/2025/);
    assert.match(source, /2025/);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-header').isVisible(), false);
    assert.equal(await page.locator('.report-years').isVisible(), false);
    assert.equal(await page.locator('.report-pdf').isVisible(), false);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, path: `screenshots/report-${locale}.pdf` });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    // Skia writes one `/Type /Page` dictionary a page.
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) || []).length;
    assert.ok(pages >= 2 && pages <= 6, `${pages} pages`);
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});
