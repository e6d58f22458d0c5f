// The storefront's sale price: each product's price on the pricelist the integration names
// (`flows.product-to-clarity.salePricelist`), as Odoo would compute it for one unit now. A price equal to the sales
// price is no sale, and clears Clarity's SalePrice. The rules are kept per process and read again only when the
// pricelist or one of its rules was added, changed, renamed or removed (two calls tell).
import { m2oId, PricelistPrices, toOdooStamp, type OdooClient, type OdooRecord } from '../../connectors/odoo/index.ts';
import type { IntegrationRuntime } from '../flow.ts';
import { variantIdsOf } from './odoo-product.ts';

const loaded = new WeakMap<OdooClient, Map<string, Promise<PricelistPrices>>>();

function pricelist(client: OdooClient, name: string): Promise<PricelistPrices> {
  let byName = loaded.get(client);
  if (!byName) loaded.set(client, (byName = new Map()));
  const before = byName.get(name);
  const prices = (before ?? Promise.resolve(undefined))
    .catch(() => undefined)
    .then((previous) => PricelistPrices.load(client, name, previous));
  byName.set(name, prices);
  return prices;
}

/** Sale price per template id (null: no sale), for templates read with TEMPLATE_FIELDS. Empty without a pricelist. */
export async function salePrices(
  integration: IntegrationRuntime,
  pricelistName: string | undefined,
  templates: readonly OdooRecord[],
  now: number,
): Promise<Map<number, number | null>> {
  const out = new Map<number, number | null>();
  if (!pricelistName || !templates.length) return out;
  const { client } = integration.odoo;
  const prices = await pricelist(client, pricelistName);
  const costs = prices.needsCost
    ? new Map(
        (
          await client.read(
            'product.template',
            templates.map((t) => t.id),
            ['standard_price'],
          )
        ).map((t) => [t.id, Number(t.standard_price ?? 0)]),
      )
    : undefined;
  const when = toOdooStamp(now);
  for (const template of templates) {
    const single = Number(template.product_variant_count ?? 1) <= 1;
    const variantId = single ? variantIdsOf(template)[0] : undefined;
    const listPrice = Number(template.list_price ?? 0);
    const price = prices.priceOf(
      {
        templateId: template.id,
        ...(single && variantId !== undefined ? { variantId } : {}),
        singleVariant: single,
        ...(m2oId(template.categ_id) !== undefined ? { categoryId: m2oId(template.categ_id)! } : {}),
        listPrice,
        ...(costs ? { cost: costs.get(template.id) ?? 0 } : {}),
      },
      when,
    );
    const rounded = Math.round(price * 100) / 100;
    out.set(template.id, Math.abs(rounded - listPrice) < 0.005 ? null : rounded);
  }
  return out;
}
