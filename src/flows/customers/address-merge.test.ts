import { describe, expect, it } from 'vitest';
import type { CustomerAddress } from '../../connectors/clarity/contract.ts';
import { mergeAddresses } from './address-merge.ts';

const address = (Key: string, role: 'billing' | 'shipping', Street1: string): CustomerAddress => ({
  Key,
  IsBilling: role === 'billing',
  IsShipping: role === 'shipping',
  Address: { Street1, City: 'London', CountryCode: 'GB' } as CustomerAddress['Address'],
});

describe('mergeAddresses', () => {
  it('updates the address an Odoo contact was made from, and one added from Odoo before', () => {
    const current = [
      address('home', 'shipping', '3 Chelsea Walk'),
      address('odoo-7', 'billing', 'Old Street'),
      address('work', 'shipping', '1 Canada Square'),
    ];
    const merged = mergeAddresses(
      current,
      [address('odoo-9', 'shipping', '10 Park Crescent'), address('odoo-7', 'billing', 'New Street')],
      (key) => (key === 'odoo-9' ? 'home' : undefined),
    );
    expect(merged.map((a) => [a.Key, a.Address.Street1])).toEqual([
      ['home', '10 Park Crescent'],
      ['odoo-7', 'New Street'],
      ['work', '1 Canada Square'],
    ]);
  });

  it('adds an address it cannot pair, leaves one the customer has already, and never removes one', () => {
    const current = [address('home', 'shipping', '3 Chelsea Walk'), address('work', 'shipping', '1 Canada Square')];
    const merged = mergeAddresses(current, [
      address('odoo-9', 'shipping', '1 Canada Square'),
      address('odoo-10', 'shipping', '5 Dock Road'),
    ]);
    expect(merged.map((a) => [a.Key, a.Address.Street1])).toEqual([
      ['home', '3 Chelsea Walk'],
      ['work', '1 Canada Square'],
      ['odoo-10', '5 Dock Road'],
    ]);
    expect(mergeAddresses(current, [])).toEqual(current);
  });

  it("does not take an order's delivery address for the customer's own when nothing says they are the same", () => {
    const merged = mergeAddresses(
      [address('home', 'shipping', '3 Chelsea Walk')],
      [address('odoo-12', 'shipping', "14 A Friend's Road")],
    );
    expect(merged.map((a) => [a.Key, a.Address.Street1])).toEqual([
      ['home', '3 Chelsea Walk'],
      ['odoo-12', "14 A Friend's Road"],
    ]);
  });
});
