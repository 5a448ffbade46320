// Reads the messages the test SMTP server stored (one .eml file each).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const MAILDIR = process.env.MAILDIR;

function decoded(text) {
  return text.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
}

export function messages() {
  if (!MAILDIR || !existsSync(MAILDIR)) return [];
  // A name starting with a dot is a message still being written (it is
  // renamed when complete): not a message yet.
  return readdirSync(MAILDIR)
    .filter((n) => n.endsWith('.eml') && !n.startsWith('.'))
    .sort()
    .map((n) => {
      try {
        return decoded(readFileSync(join(MAILDIR, n), 'utf8'));
      } catch (e) {
        if (e.code === 'ENOENT') return '';
        throw e;
      }
    });
}

/** Waits for a message to `to` whose text matches `pattern`; returns the first link of `kind`. */
export async function waitForLink(to, kind, { after = 0, timeout = 15000 } = {}) {
  const start = Date.now();
  const re = new RegExp(`https?://[^\\s"<>]+/${kind}/[A-Za-z0-9_-]+`);
  while (Date.now() - start < timeout) {
    const found = messages()
      .slice(after)
      .find((m) => m.startsWith(`X-Envelope-To: ${to}`) && re.test(m));
    if (found) return found.match(re)[0];
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no ${kind} mail to ${to} within ${timeout} ms (${messages().length} messages)`);
}

/** Waits for a message to `to` whose raw text matches `pattern`; returns it. */
export async function waitForMessage(to, pattern, { timeout = 15000 } = {}) {
  const start = Date.now();
  while (Date.now() - start < timeout) {
    const found = messages().find((m) => m.startsWith(`X-Envelope-To: ${to}`) && pattern.test(m));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} matching ${pattern} within ${timeout} ms`);
}
