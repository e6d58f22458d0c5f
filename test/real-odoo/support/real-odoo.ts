// Which real Odoo the acceptance suite runs against, from the environment:
//   REAL_ODOO_URL       e.g. http://127.0.0.1:8069 (required; without it the suite is skipped)
//   REAL_ODOO_DB        e.g. sandbox17 (required)
//   REAL_ODOO_LOGIN     default admin
//   REAL_ODOO_API_KEY   or REAL_ODOO_PASSWORD (default: the password admin)
//   REAL_ODOO_COMPANY   the company the integration works in (default: My Company (San Francisco), as in Odoo's demo)
// `../shared/real-odoo/setup.sh` runs such servers; the README's "Acceptance on a real Odoo" says how to run it.
import { describe, it } from 'vitest';

export interface RealOdoo {
  url: string;
  db: string;
  login: string;
  apiKey?: string;
  password?: string;
  company: string;
}

export function realOdoo(): RealOdoo | undefined {
  const url = process.env.REAL_ODOO_URL;
  const db = process.env.REAL_ODOO_DB;
  if (!url || !db) return undefined;
  const apiKey = process.env.REAL_ODOO_API_KEY;
  const password = process.env.REAL_ODOO_PASSWORD ?? (apiKey ? undefined : 'admin');
  return {
    url: url.replace(/\/+$/, ''),
    db,
    login: process.env.REAL_ODOO_LOGIN ?? 'admin',
    ...(apiKey ? { apiKey } : {}),
    ...(password ? { password } : {}),
    company: process.env.REAL_ODOO_COMPANY ?? 'My Company (San Francisco)',
  };
}

export const SKIP_REASON =
  'no real Odoo: set REAL_ODOO_URL and REAL_ODOO_DB (and REAL_ODOO_API_KEY or REAL_ODOO_PASSWORD) to run the acceptance suite';

/** `describe` that runs only with a real Odoo configured, and says why it skipped otherwise. */
export function describeReal(name: string, body: (odoo: RealOdoo) => void): void {
  const odoo = realOdoo();
  if (!odoo) {
    console.warn(`${name}: skipped, ${SKIP_REASON}`);
    describe.skip(name, () => it(SKIP_REASON, () => undefined));
    return;
  }
  describe(name, () => body(odoo));
}
