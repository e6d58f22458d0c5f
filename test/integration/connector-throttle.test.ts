// The rate limit applies per call a connector makes: each Odoo call (and retry) and each Clarity request waits for
// the bridge's throttle first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clarityClientFromSettings } from '../../src/connectors/clarity/client.ts';
import { OdooClient } from '../../src/connectors/odoo/client.ts';
import { Secret } from '../../src/core/secret.ts';
import { startClaritySandbox, type ClaritySandbox } from '../../src/sandbox/clarity/index.ts';
import { startOdooSandbox, type OdooSandbox } from '../../src/sandbox/odoo/index.ts';

let odoo: OdooSandbox;
let clarity: ClaritySandbox;
beforeAll(async () => {
  [odoo, clarity] = await Promise.all([startOdooSandbox({ port: 0 }), startClaritySandbox({ port: 0 })]);
});
afterAll(async () => {
  await Promise.all([odoo.close(), clarity.close()]);
});

describe('connector throttles', () => {
  it('an Odoo client waits for the throttle before every call', async () => {
    let waits = 0;
    const client = new OdooClient({
      url: odoo.url,
      db: odoo.db,
      login: odoo.login,
      company: odoo.company,
      apiKey: new Secret(odoo.apiKey),
      throttle: async () => void waits++,
    });
    await client.connect();
    const before = waits;
    await client.searchRead('res.partner', { fields: ['name'], limit: 1 });
    await client.searchCount('res.partner', []);
    await client.create('res.partner', { name: 'Throttled' });
    expect(waits - before).toBe(3);
    await client.close();
  });

  it('a Clarity client waits for the throttle before every API request', async () => {
    let waits = 0;
    const client = clarityClientFromSettings(
      { url: clarity.url, clientId: clarity.clientId, clientSecret: new Secret(clarity.clientSecret) },
      { throttle: async () => void waits++ },
    );
    await client.products.list({ pageSize: 1 });
    await client.orders.list({ pageSize: 1 });
    expect(waits).toBe(2);
    await client.close();
  });
});
