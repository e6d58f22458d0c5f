// What `bridge odoo prepare` may change in an Odoo so that a store's orders fit it, each in the integration's
// company (client.ts): activate a currency, turn on pricelists and add one in a currency, create a percent sales
// tax (in its own tax group, so documents show its rate), round taxes once per order as a store does, and keep line
// discounts precise enough for a store's discount amounts.
import type { OdooClient, OdooRecord } from '../client.ts';

export interface CurrencyState {
  id: number;
  name: string;
  active: boolean;
}

/** A currency by ISO code, active or not. */
export async function findCurrency(client: OdooClient, code: string): Promise<CurrencyState | undefined> {
  const [found] = await client.searchRead('res.currency', {
    domain: [['name', '=', code.trim().toUpperCase()]],
    fields: ['name', 'active'],
    context: { active_test: false },
  });
  return found ? { id: found.id, name: String(found.name), active: found.active === true } : undefined;
}

export async function activateCurrency(client: OdooClient, id: number): Promise<void> {
  await client.write('res.currency', [id], { active: true });
}

/** Whether the Pricelists setting is on (Sales > Configuration > Settings). */
export async function pricelistsEnabled(client: OdooClient): Promise<boolean> {
  const values = await client.call<Record<string, unknown>>('res.config.settings', 'default_get', [
    ['group_product_pricelist'],
  ]);
  return values.group_product_pricelist === true;
}

/** Turns the Pricelists setting on (Odoo then gives each company a default pricelist in its currency). */
export async function enablePricelists(client: OdooClient): Promise<void> {
  const id = await client.create('res.config.settings', { group_product_pricelist: true }, { raw: true });
  await client.call('res.config.settings', 'execute', [[id]]);
}

export async function createPricelist(client: OdooClient, name: string, currencyId: number): Promise<number> {
  const { company } = await client.connect();
  return client.create('product.pricelist', { name, currency_id: currencyId, company_id: company.id }, { raw: true });
}

/** The company's tax rounding: `round_per_line` (Odoo's default) or `round_globally`. */
export async function taxRounding(client: OdooClient): Promise<string> {
  const { company } = await client.connect();
  const [row] = await client.read('res.company', [company.id], ['tax_calculation_rounding_method'], { raw: true });
  return String(row?.tax_calculation_rounding_method ?? 'round_per_line');
}

export async function setTaxRounding(client: OdooClient, method: 'round_per_line' | 'round_globally'): Promise<void> {
  const { company } = await client.connect();
  await client.write('res.company', [company.id], { tax_calculation_rounding_method: method }, { raw: true });
}

/**
 * A percent sales tax with prices excluded, named like Odoo's own ("23%"), in a tax group of its rate ("Tax 23%",
 * found or made): in the default group its invoices would show "Tax 15%".
 */
export async function createSaleTax(client: OdooClient, rate: number): Promise<number> {
  const { company } = await client.connect();
  const groupName = `Tax ${rate}%`;
  const [group] = await client.searchRead<OdooRecord>('account.tax.group', {
    domain: [['name', '=', groupName]],
    fields: ['id'],
    limit: 1,
    raw: true,
  });
  const groupId =
    group?.id ?? (await client.create('account.tax.group', { name: groupName, company_id: company.id }, { raw: true }));
  return client.create(
    'account.tax',
    {
      name: `${rate}%`,
      description: `${rate}%`,
      amount: rate,
      amount_type: 'percent',
      type_tax_use: 'sale',
      tax_group_id: groupId,
      company_id: company.id,
    },
    { raw: true },
  );
}

/** Digits Odoo keeps of a line's discount percentage (its decimal precision "Discount"; 2 on a fresh Odoo). */
export async function discountDigits(client: OdooClient): Promise<number> {
  const [row] = await client.searchRead('decimal.precision', {
    domain: [['name', '=', 'Discount']],
    fields: ['digits'],
    limit: 1,
    raw: true,
  });
  return typeof row?.digits === 'number' ? row.digits : 2;
}

export async function setDiscountDigits(client: OdooClient, digits: number): Promise<void> {
  const ids = await client.search('decimal.precision', [['name', '=', 'Discount']], { raw: true });
  if (ids.length) await client.write('decimal.precision', ids, { digits }, { raw: true });
}
