// Two sides editing the same product 100 times in alternation (Odoo its price, the store its description), each edit
// announced as its webhook would, with the real pollers of both sides running too (so every write of the bridge comes
// back to it as a change, sometimes twice): each edit
// reaches the other side with at most one write, and once both sides are quiet the bridge writes nothing more.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ClarityClient } from '../../src/connectors/clarity/client.ts';
import { Secret } from '../../src/core/secret.ts';
import { waitUntil } from '../support/stores.ts';
import { startHarness, type Harness } from './flows-catalog-harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ products: 10, pollEveryMs: 100 });
});

afterAll(async () => {
  await h?.close();
});

const productWrites = () =>
  h.calls('clarity PUT /api/v1/products/{ID}') +
  h.calls('clarity POST /api/v1/products') +
  h.calls('odoo product.template.write') +
  h.calls('odoo product.template.create');

/** Waits until no job is waiting and the write count has not moved for `quietMs`. */
async function quiet(quietMs: number): Promise<void> {
  let last = productWrites();
  let since = Date.now();
  await waitUntil(
    async () => {
      await h.settle();
      const now = productWrites();
      if (now !== last) {
        last = now;
        since = Date.now();
      }
      return Date.now() - since >= quietMs;
    },
    30_000,
    'the bridge to be quiet',
  );
}

it('converges with at most one write per edit and none once both sides are quiet', async () => {
  const [variant] = await h.execute<{ product_tmpl_id: [number, string] }[]>(
    'product.product',
    'search_read',
    [[['default_code', '=', 'SKU-00001']]],
    { fields: ['product_tmpl_id'] },
  );
  const templateId = variant!.product_tmpl_id[0];
  // the store's own edits go through a client of their own, so that only the bridge's writes are counted
  const clarity = new ClarityClient({
    baseUrl: h.clarity.url,
    clientId: h.clarity.clientId,
    clientSecret: new Secret(h.clarity.clientSecret),
  });
  const clarityId = h.clarity.store.product('SKU-00001')!.ID;
  // the first polls bring the two seeded catalogs together (the store's descriptions go to Odoo); on a busy
  // machine that takes a while, so wait for a longer quiet before counting
  await quiet(2_000);
  const before = productWrites();
  const firstJob = await h.lastJobId();

  for (let edit = 1; edit <= 100; edit++) {
    if (edit % 2 === 1) {
      const price = 100 + edit;
      await h.execute('product.template', 'write', [[templateId], { list_price: price }]);
      await h.odooChanged('product.template', templateId); // the automation webhook; the poller sees it too
      await waitUntil(
        () => h.clarity.store.product('SKU-00001')!.Price === price,
        10_000,
        `price ${price} in the store`,
      );
    } else {
      const text = `Description, edit ${edit}`;
      await h.clarityChanged('product', await clarity.products.update(clarityId, { Description: text })); // its webhook
      await waitUntil(
        async () =>
          (
            await h.execute<{ description_sale: string }[]>('product.template', 'read', [
              [templateId],
              ['description_sale'],
            ])
          )[0]!.description_sale === text,
        10_000,
        `edit ${edit} in Odoo`,
      );
    }
  }
  await quiet(1_000);
  const afterEdits = productWrites();
  // the writes of this product: each job of its lane that wrote (to Odoo, or to the store) is one write; on a busy
  // machine another seeded product may still be settling, which is not what is counted here
  const jobs = await h.settle(firstJob);
  const wrote = jobs.filter((j) => j.lane === 'main:product:SKU-00001' && j.outcome === 'applied');
  const listed = jobs
    .filter((j) => j.outcome === 'applied')
    .map((j) => `${j.id} ${j.flow} ${j.lane} ${j.recordKey} v${j.version} attempts=${j.attempts}`)
    .join('\n');
  expect(wrote.length, listed).toBe(100);
  expect(afterEdits - before, listed).toBeGreaterThanOrEqual(100);

  // both sides quiet for 10 s: the pollers keep reading, the bridge writes nothing
  await new Promise((r) => setTimeout(r, 10_000));
  await h.settle();
  expect(productWrites()).toBe(afterEdits);
  const [template] = await h.execute<{ list_price: number; description_sale: string }[]>('product.template', 'read', [
    [templateId],
    ['list_price', 'description_sale'],
  ]);
  expect(template).toEqual(expect.objectContaining({ list_price: 199, description_sale: 'Description, edit 100' }));
  expect(h.clarity.store.product('SKU-00001')).toMatchObject({ Price: 199, Description: 'Description, edit 100' });
  await clarity.close();
}, 60_000);
