// A picking names its sale order in `origin`: Odoo 17 and 19 write the order's name, Odoo 18 the name and the
// customer's reference ("S00101 - CLR-1001", seen on a real 18). The flows find the order from it when a picking
// comes without sale_id; the bridge always sets the reference, so on 18 every origin carries it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OdooClient } from '../../src/connectors/odoo/client.ts';
import { saleOrderOfPicking } from '../../src/flows/orders/order-lane.ts';
import { startOdooSandbox, type OdooSandbox, type OdooVersion } from '../../src/sandbox/odoo/index.ts';

describe.each([17, 18, 19] as OdooVersion[])('the sale order of an Odoo %i picking', (version) => {
  let sandbox: OdooSandbox;
  let client: OdooClient;
  beforeAll(async () => {
    sandbox = await startOdooSandbox({ version, products: 10 });
    client = new OdooClient({
      url: sandbox.url,
      db: sandbox.db,
      login: sandbox.login,
      password: sandbox.password,
      company: sandbox.company,
    });
  });
  afterAll(async () => {
    await client.close();
    await sandbox.close();
  });

  it('is found from its origin when the picking does not say its sale_id', async () => {
    const [partner] = await client.search('res.partner', [['name', '=', 'Azure Interior']]);
    const [product] = await client.search('product.product', [['default_code', '=', 'E-COM07']]);
    const order = await client.create('sale.order', {
      partner_id: partner,
      client_order_ref: 'CLR-1001',
      order_line: [[0, 0, { product_id: product, product_uom_qty: 1 }]],
    });
    await client.call('sale.order', 'action_confirm', [[order]]);
    const [picking] = await client.searchRead('stock.picking', {
      domain: [['sale_id', '=', order]],
      fields: ['origin'],
    });
    const [read] = await client.read('sale.order', [order], ['name']);
    const name = String(read!.name);
    expect(picking!.origin).toBe(version === 18 ? `${name} - CLR-1001` : name);
    expect(await saleOrderOfPicking(client, { sale_id: false, origin: picking!.origin })).toBe(order);
  });
});
