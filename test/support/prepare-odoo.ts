// Prepares an Odoo sandbox for the sandbox storefront's orders over HTTP, as `bridge odoo prepare` prepares a real
// Odoo for a store: a fresh sandbox, like a fresh Odoo, takes only USD and the demo's 15% tax.
import { createOdooConnector } from '../../src/connectors/odoo/index.ts';
import { orderOptions } from '../../src/flows/orders/order-options.ts';
import { prepareOdoo, type PrepareResult } from '../../src/readiness/index.ts';
import { storefrontNeeds } from '../../src/sandbox/demo/storefront-needs.ts';

export async function prepareSandboxOdoo(url: string, currencies?: readonly string[]): Promise<PrepareResult> {
  const odoo = createOdooConnector({
    url,
    db: 'sandbox',
    login: 'admin',
    apiKey: 'sandbox-api-key',
    company: 'My Company (San Francisco)',
  });
  try {
    return await prepareOdoo(odoo, storefrontNeeds(currencies), orderOptions({}));
  } finally {
    await odoo.close();
  }
}
