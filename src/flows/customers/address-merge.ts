// Odoo's address contacts merged into a Clarity customer's address book, when the systems of record let Odoo write
// addresses (`address: odoo | both`). The address book is the customer's: an Odoo address updates the Clarity
// address it is (same Key, or the one address of its role on both sides), is left alone when Clarity holds it
// already, and is added otherwise. No Clarity address is ever removed.
import type { CustomerAddress } from '../../connectors/clarity/contract.ts';
import { sameValue } from '../sync/field-merge.ts';

const role = (a: CustomerAddress): string => `${a.IsBilling ? 'billing' : ''}/${a.IsShipping ? 'shipping' : ''}`;
const content = (a: CustomerAddress) => ({ role: role(a), address: a.Address });

export function mergeAddresses(current: readonly CustomerAddress[], fromOdoo: readonly CustomerAddress[]): CustomerAddress[] {
  const merged = current.map((a) => ({ ...a }));
  for (const incoming of fromOdoo) {
    const sameKey = merged.findIndex((a) => a.Key === incoming.Key);
    if (sameKey !== -1) {
      merged[sameKey] = { ...incoming, Key: merged[sameKey]!.Key };
      continue;
    }
    if (merged.some((a) => sameValue(content(a), content(incoming)))) continue;
    const ofRole = merged.filter((a) => role(a) === role(incoming));
    const odooOfRole = fromOdoo.filter((a) => role(a) === role(incoming));
    if (ofRole.length === 1 && odooOfRole.length === 1) {
      const at = merged.indexOf(ofRole[0]!);
      merged[at] = { ...incoming, Key: ofRole[0]!.Key };
      continue;
    }
    merged.push({ ...incoming });
  }
  return merged;
}
