import { describe, expect, it } from 'vitest';
import { mappingFromText } from './catalog.ts';
import { checkMapping } from './check.ts';
import { suggestMappingYaml, suggestRules } from './suggest.ts';

describe('suggestRules', () => {
  it('pairs a Clarity address with res.partner by name, synonym and lookup', () => {
    const rules = Object.fromEntries(
      suggestRules({ clarity: 'Contact' }, { odoo: 'res.partner' }).map((s) => [s.target, s.rule]),
    );
    expect(rules.email).toEqual({ target: 'email', from: 'Email' });
    expect(rules.zip).toEqual({ target: 'zip', from: 'Address.PostalCode' });
    expect(rules.country_id).toEqual({ target: 'country_id', from: 'Address.CountryCode', resolve: 'country_by_code' });
    // a company name is not a res.company id
    expect(rules.company_id).toBeUndefined();
  });

  it('converts Odoo datetimes and reads many2one ids back as codes', () => {
    const rules = Object.fromEntries(
      suggestRules({ odoo: 'stock.picking' }, { clarity: 'Shipment' }).map((s) => [s.target, s.rule]),
    );
    expect(rules.ShippedDate).toEqual({ target: 'ShippedDate', from: 'date_done', convert: 'iso-datetime' });
    expect(rules.TrackingNumber).toEqual({ target: 'TrackingNumber', from: 'carrier_tracking_ref' });
    expect(rules.CarrierKey).toEqual({ target: 'CarrierKey', from: 'carrier_id.1' });
  });

  it('drafts a mapping file that compiles and passes the check on every version', () => {
    const text = suggestMappingYaml('product.odoo-to-clarity', { odoo: 'product.template' }, { clarity: 'Product' });
    const mapping = mappingFromText(text);
    expect(mapping.file.rules.map((r) => r.target)).toEqual(
      expect.arrayContaining(['CustomKey', 'Name', 'Price', 'CategoryKeys']),
    );
    for (const version of [17, 18, 19] as const) expect(checkMapping(mapping, version)).toEqual([]);
  });
});
