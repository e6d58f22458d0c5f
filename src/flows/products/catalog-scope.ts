// The store's catalog: the Odoo product templates matching the integration's catalog domain
// (`integrations[].flows.product-to-clarity.domain`, an Odoo domain on product.template; default: the products for
// sale, `sale_ok`). Odoo keeps products for its own documents too (delivery methods, expenses, down payments): they
// are never published. A product that leaves the catalog (no longer for sale, or archived) is deactivated in the
// store, never deleted, so its past orders keep their product. The stock flow follows the same domain.
import type { IntegrationConfig } from '../../config/load.ts';
import { ValidationError } from '../../core/errors.ts';
import {
  DOMAIN_OPERATORS,
  DOMAIN_PREFIX_ARITY,
  type Domain,
  type DomainTerm,
  type OdooClient,
} from '../../connectors/odoo/index.ts';

export const PRODUCT_TO_CLARITY_FLOW = 'product-to-clarity';

export const DEFAULT_CATALOG_DOMAIN: Domain = [['sale_ok', '=', true]];

const EXAMPLE = '[["sale_ok", "=", true]]';

/**
 * The `domain` option, checked: a list of conditions `[field, operator, value]` and the prefix operators
 * `&`, `|`, `!`, each operator followed by its conditions (so the domain can be combined with others).
 */
export function catalogDomainOption(value: unknown): Domain {
  if (value === undefined) return DEFAULT_CATALOG_DOMAIN;
  const fail = (field: string, reason: string): never => {
    throw new ValidationError(`flow option ${field}`, [{ field, reason }]);
  };
  if (!Array.isArray(value))
    return fail(
      'domain',
      `must be an Odoo domain on product.template, a list of conditions like ${EXAMPLE} (got ${JSON.stringify(value)})`,
    );
  // conditions still owed to the prefix operators read so far (the domain's terms are joined by an implicit "and")
  let owed = 0;
  value.forEach((term: unknown, i) => {
    const at = `domain[${i}]`;
    if (typeof term === 'string') {
      if (!(term in DOMAIN_PREFIX_ARITY))
        fail(at, `"${term}" is not a domain operator; use "&", "|" or "!" between conditions like ${EXAMPLE}`);
      owed = Math.max(owed - 1, 0) + DOMAIN_PREFIX_ARITY[term]!;
      return;
    }
    if (!Array.isArray(term) || term.length !== 3)
      return fail(
        at,
        `must be a condition [field, operator, value] like ["sale_ok", "=", true] (got ${JSON.stringify(term)})`,
      );
    const [field, operator] = term as unknown[];
    if (typeof field !== 'string' || !/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$/.test(field))
      fail(
        `${at}[0]`,
        `must be a field name of product.template like sale_ok or categ_id.name (got ${JSON.stringify(field)})`,
      );
    if (typeof operator !== 'string' || !DOMAIN_OPERATORS.includes(operator.toLowerCase()))
      fail(`${at}[1]`, `${JSON.stringify(operator)} is not an Odoo operator; use one of ${DOMAIN_OPERATORS.join(' ')}`);
    owed = Math.max(owed - 1, 0);
  });
  if (owed > 0) fail('domain', `${owed} condition(s) missing after its last "&", "|" or "!"`);
  return value as Domain;
}

/** The catalog domain of an integration (what the product and stock flows publish). */
export function catalogDomain(settings: IntegrationConfig): Domain {
  return catalogDomainOption(settings.flows[PRODUCT_TO_CLARITY_FLOW]?.domain);
}

/** Which of these product.template ids are in the catalog (archived ones included: archiving is judged apart). */
export async function templatesInCatalog(
  client: OdooClient,
  domain: Domain,
  templateIds: readonly number[],
): Promise<Set<number>> {
  if (!templateIds.length) return new Set();
  const ids = await client.search('product.template', [['id', 'in', [...new Set(templateIds)]], ...domain], {
    context: { active_test: false },
  });
  return new Set(ids);
}

/** The catalog domain as a domain on product.product: each condition on the variant's template. */
export function variantDomain(domain: Domain): Domain {
  return domain.map((term): DomainTerm =>
    Array.isArray(term) ? [`product_tmpl_id.${term[0]}`, term[1], term[2]] : term,
  );
}

/** Which of these product.product ids belong to a template of the catalog. */
export async function variantsInCatalog(
  client: OdooClient,
  domain: Domain,
  productIds: readonly number[],
): Promise<Set<number>> {
  if (!productIds.length) return new Set();
  const ids = await client.search(
    'product.product',
    [['id', 'in', [...new Set(productIds)]], ...variantDomain(domain)],
    {
      context: { active_test: false },
    },
  );
  return new Set(ids);
}
