// Odoo's address contacts merged into a Clarity customer's address book, when the systems of record let Odoo write
// addresses (`address: odoo | both`). The address book is the customer's: an Odoo address updates the Clarity
// address it is (the same Key, or the address the bridge made that contact from), is left alone when Clarity holds
// it already, and is added otherwise. No Clarity address is ever removed.
import type { CustomerAddress } from '../../connectors/clarity/contract.ts';
import { sameValue } from '../sync/field-merge.ts';

const content = (a: CustomerAddress) => ({ billing: a.IsBilling, shipping: a.IsShipping, address: a.Address });

/**
 * `fromOdoo` are keyed `odoo-<child id>`; `clarityKeyOf` names the Clarity address an Odoo contact was made from
 * (its binding), when it was.
 */
export function mergeAddresses(
  current: readonly CustomerAddress[],
  fromOdoo: readonly CustomerAddress[],
  clarityKeyOf: (odooKey: string) => string | undefined = () => undefined,
): CustomerAddress[] {
  const merged = current.map((a) => ({ ...a }));
  for (const incoming of fromOdoo) {
    const key = clarityKeyOf(incoming.Key) ?? incoming.Key;
    const same = merged.findIndex((a) => a.Key === key);
    if (same !== -1) {
      // the flags stay the store's: one Clarity address may be both the billing and the shipping one
      merged[same] = { ...merged[same]!, Address: incoming.Address };
      continue;
    }
    if (merged.some((a) => sameValue(content(a), content(incoming)))) continue;
    merged.push({ ...incoming });
  }
  return merged;
}
