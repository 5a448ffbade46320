// Screenshots of the public pages at phone and desktop widths, for review:
//   BASE_URL=http://127.0.0.1:3000 [SESSION=…] node screenshots.mjs [paths]
import { launch, BASE } from './tests/helpers.mjs';
import { mkdirSync } from 'node:fs';

const pages = process.argv.slice(2).length ? process.argv.slice(2) : ['/', '/bodies/consejo-tijuana', '/no-such-page'];
mkdirSync('screenshots', { recursive: true });
const browser = await launch();
for (const [label, width] of [['phone', 390], ['desktop', 1280]]) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: process.env.LOCALE ?? 'es-MX' });
  // SESSION=<cookie value> shows the pages of a signed-in account.
  if (process.env.SESSION) {
    await context.addCookies([{ name: 'voces_session', value: process.env.SESSION, url: BASE }]);
  }
  const page = await context.newPage();
  for (const path of pages) {
    await page.goto(`${BASE}${path}`);
    const name = path === '/' ? 'home' : path.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    await page.screenshot({ path: `screenshots/${name}-${label}.png`, fullPage: true });
  }
  await context.close();
}
await browser.close();
