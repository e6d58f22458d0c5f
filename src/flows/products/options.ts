// The catalog flows' options (`integrations[].flows.<flow>`), read once per job with their defaults.
import type { Domain } from '../../connectors/odoo/index.ts';
import { ValidationError } from '../../core/errors.ts';
import { catalogDomainOption } from './catalog-scope.ts';

export interface ProductOptions {
  /** Create the categories a product names on the other side when they are missing (default true). */
  createCategories: boolean;
  /** Odoo's root category, left out of Clarity paths (default `All`). */
  categoryRoot: string;
  /** Create a product made in Clarity in Odoo too (default false: Odoo is where products are made). */
  createInOdoo: boolean;
  /** The Odoo pricelist whose price becomes Clarity's SalePrice (none by default: no SalePrice is sent). */
  salePricelist: string | undefined;
  /** The Odoo domain on product.template of the products the store sells (default: those for sale, `sale_ok`). */
  domain: Domain;
}

const bool = (options: Record<string, unknown>, key: string, fallback: boolean): boolean => {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw new ValidationError(`flow option ${key}`, [
      { field: key, reason: `must be true or false (got ${JSON.stringify(value)})` },
    ]);
  return value;
};

const text = (options: Record<string, unknown>, key: string): string | undefined => {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !value.trim())
    throw new ValidationError(`flow option ${key}`, [
      { field: key, reason: `must be a non-empty text (got ${JSON.stringify(value)})` },
    ]);
  return value.trim();
};

export function productOptions(options: Record<string, unknown>): ProductOptions {
  return {
    createCategories: bool(options, 'createCategories', true),
    categoryRoot: text(options, 'categoryRoot') ?? 'All',
    createInOdoo: bool(options, 'createInOdoo', false),
    salePricelist: text(options, 'salePricelist'),
    domain: catalogDomainOption(options.domain),
  };
}
