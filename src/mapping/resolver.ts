// The lookup port of the mapping engine. Mappings name dynamic lookups by kind ("product_by_sku", ...); before a record
// (or a batch) is evaluated, every key it needs is collected, then each kind is resolved in ONE call, then the pure
// evaluation runs against the resolved table. The Odoo connector serves the port in production; tests serve it from
// an in-memory table.

/**
 * The dynamic lookups the default mappings use, with the key each takes and the value it gives.
 * A resolver returns only the keys it found; a key it leaves out is unknown (a BusinessError when a record needs it).
 */
export const LOOKUP_KINDS = {
  product_by_sku: 'product.product id of the product whose default_code is the key (a Clarity SKU)',
  sku_by_product_id: 'default_code of the product.product whose id is the key (decimal string)',
  country_by_code: 'res.country id of the ISO 3166-1 alpha-2 code in the key (e.g. "US")',
  country_code_by_id: 'ISO country code of the res.country whose id is the key',
  state_by_code: 'res.country.state id for the key "<country code>-<state code>" (e.g. "US-CA")',
  state_code_by_id: 'state code (e.g. "CA") of the res.country.state whose id is the key',
  pricelist_by_currency:
    'product.pricelist id of the pricelist in the currency whose ISO code is the key (Odoo derives the order currency from it), or false for the company currency when it has no pricelist',
  category_by_path:
    'product.category id for the Clarity category path in the key ("All/Saleable"; Odoo writes "All / Saleable")',
  category_path_by_id: 'Clarity category path ("All/Saleable") of the product.category whose id is the key',
  taxes_by_code: 'account.tax ids (number[]) for the Clarity tax code in the key',
  fiscal_position_by_name: 'account.fiscal.position id of the fiscal position named by the key',
  journal_by_name: 'account.journal id of the bank or cash journal named by the key (e.g. "Bank")',
  delivery_product_by_carrier:
    "product.product id of the delivery product of the shipping method the store's carrier in the key maps to (flow option carriers, else by name), else of the generic shipping product",
  carrier_by_key:
    "delivery.carrier id of the shipping method the store's carrier in the key maps to (absent: none matches)",
  sale_taxes_for_store_tax:
    'account.tax ids (number[], [] when the store charged none) of the sales tax whose rate reproduces the tax the store charged, for a storeTaxKey',
  currency_rate:
    'units of the second currency per unit of the first, for the key "<FROM>/<TO>" (from res.currency.rate)',
} as const;

export type LookupKind = keyof typeof LOOKUP_KINDS;

export function isLookupKind(kind: string): kind is LookupKind {
  return Object.hasOwn(LOOKUP_KINDS, kind);
}

/**
 * What a resolver answers for a key it cannot serve when it knows why (and how to fix it): the key counts as
 * unknown, and the reason replaces the bare "unknown lookup key" in the message the operator reads.
 */
export class LookupMiss {
  constructor(readonly reason: string) {}
}

/**
 * Serves dynamic lookups: for one kind, the values of the keys it knows (unknown keys are absent, or a LookupMiss
 * that says why).
 */
export interface LookupResolver {
  resolve(kind: string, keys: readonly string[]): Promise<ReadonlyMap<string, unknown>>;
}

/** The keys a record or batch needs, per kind. */
export type LookupNeeds = Map<string, Set<string>>;

/** The resolved values, per kind then key; what `apply` evaluates against. */
export type Lookups = ReadonlyMap<string, ReadonlyMap<string, unknown>>;

/** Adds every key of `more` to `into` (a flow that maps an order and its addresses resolves them together). */
export function mergeNeeds(into: LookupNeeds, more: LookupNeeds): LookupNeeds {
  for (const [kind, keys] of more) {
    let set = into.get(kind);
    if (!set) into.set(kind, (set = new Set()));
    for (const key of keys) set.add(key);
  }
  return into;
}

/** Resolves every kind in one call each (kinds run concurrently); kinds with no keys cost nothing. */
export async function resolveLookups(resolver: LookupResolver, needs: LookupNeeds): Promise<Lookups> {
  const entries = await Promise.all(
    [...needs]
      .filter(([, keys]) => keys.size > 0)
      .map(async ([kind, keys]) => [kind, await resolver.resolve(kind, [...keys])] as const),
  );
  return new Map(entries);
}

/** A resolver over fixed tables (tests, `bridge mappings preview --lookups`, static configuration). */
export function tableResolver(
  tables: Record<string, Record<string, unknown>>,
): LookupResolver & { calls: { kind: string; keys: string[] }[] } {
  const calls: { kind: string; keys: string[] }[] = [];
  return {
    calls,
    async resolve(kind, keys) {
      calls.push({ kind, keys: [...keys] });
      const table = tables[kind] ?? {};
      const out = new Map<string, unknown>();
      for (const key of keys) if (Object.hasOwn(table, key)) out.set(key, table[key]);
      return out;
    },
  };
}

/** Lookups given directly as tables (no resolver round trip), e.g. in tests. */
export function lookupsFromTables(tables: Record<string, Record<string, unknown>>): Lookups {
  return new Map(Object.entries(tables).map(([kind, table]) => [kind, new Map(Object.entries(table))]));
}
