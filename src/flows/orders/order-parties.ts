// The Odoo partners of a batch of orders: the customer (res.partner found by email with =ilike, else created, under
// the partner lock `<integration>:partner:<lower-case email>` that the customer flow holds too), its company for a
// B2B order, and the invoice and delivery addresses as child contacts (an existing one with the same address is
// reused). Each distinct email is resolved once per batch; one customer's failure fails only its own orders.
import type { Contact, SalesOrder } from '../../connectors/clarity/contract.ts';
import { ValidationError } from '../../core/errors.ts';
import type { OdooVersion } from '../../connectors/odoo/index.ts';
import { mergeNeeds, resolveLookups, type Lookups } from '../../mapping/index.ts';
import {
  emailKey,
  ensureAddressContact,
  findOrCreateCompany,
  findOrCreatePartner,
  partnerLockKey,
  type AddressType,
} from '../customers/partner.ts';
import type { IntegrationRuntime, FlowServices } from '../flow.ts';
import { mapLimit } from '../../core/map-limit.ts';

export interface OrderParties {
  partnerId: number;
  invoicePartnerId: number;
  shippingPartnerId: number;
  /** What this resolution made (for the trace). */
  made: string[];
}

/** The email an order's customer is known by: the account's, else the billing then shipping contact's. */
export function orderEmail(order: SalesOrder): string | undefined {
  for (const email of [order.UserEmail, order.BillingContact?.Email, order.ShippingContact?.Email]) {
    if (typeof email === 'string' && email.trim()) return emailKey(email);
  }
  return undefined;
}

const hasAddress = (contact: Contact | undefined): contact is Contact =>
  !!contact?.Address && Object.values(contact.Address).some((v) => typeof v === 'string' && v.trim() !== '');

/**
 * Partners for each order (by order number), or the error that stopped its customer. Partner-side lookups
 * (countries, states) are resolved for the whole batch in one call per kind.
 */
export async function resolveOrderParties(
  integration: IntegrationRuntime,
  services: FlowServices,
  orders: readonly SalesOrder[],
  version: OdooVersion,
): Promise<Map<string, OrderParties | Error>> {
  const out = new Map<string, OrderParties | Error>();
  const byEmail = new Map<string, SalesOrder[]>();
  for (const order of orders) {
    const email = orderEmail(order);
    if (!email) {
      out.set(
        order.CustomKey,
        new ValidationError(
          `order ${order.CustomKey} has no customer email (UserEmail, BillingContact.Email); the bridge finds customers by email`,
          [{ field: 'UserEmail', reason: 'is required to find or create the Odoo customer' }],
        ),
      );
      continue;
    }
    byEmail.set(email, [...(byEmail.get(email) ?? []), order]);
  }
  if (byEmail.size === 0) return out;
  const customerMapping = await integration.mapping('order-customer.clarity-to-odoo');
  const addressMapping = await integration.mapping('address.clarity-to-odoo');
  const companyMapping = await integration.mapping('company.clarity-to-odoo');
  const contacts = orders.flatMap((o) => [o.BillingContact, o.ShippingContact].filter(hasAddress));
  const lookups: Lookups = await resolveLookups(
    integration.resolver,
    mergeNeeds(await customerMapping.lookups(orders, { version }), await addressMapping.lookups(contacts, { version })),
  );

  await mapLimit([...byEmail], 8, async ([email, list]) => {
    try {
      const first = list[0]!;
      const companyName = first.BillingContact?.Company?.trim() || first.ShippingContact?.Company?.trim();
      const made: string[] = [];
      const companyId = companyName
        ? (
            await findOrCreateCompany(integration, services.withLock, {
              name: companyName,
              values: async () => (await companyMapping.apply({ Company: companyName }, { version })).values,
            }).then((ref) => {
              if (ref.created) made.push(`company ${ref.id}`);
              return ref;
            })
          ).id
        : undefined;
      const partner = await findOrCreatePartner(integration, services.withLock, {
        email,
        values: async () =>
          (
            await customerMapping.apply(first, {
              version,
              lookups,
              ...(companyId !== undefined ? { context: { companyId } } : {}),
            })
          ).values,
      });
      if (partner.created) made.push(`partner ${partner.id}`);
      // the addresses of all this customer's orders, under the partner's lock (no address made twice)
      await services.withLock(partnerLockKey(integration.id, email), async () => {
        for (const order of list) {
          const address = async (contact: Contact | undefined, type: AddressType): Promise<number> => {
            if (!hasAddress(contact)) return partner.id;
            const { values } = await addressMapping.apply(contact, {
              version,
              lookups,
              context: { parentId: partner.id, addressType: type },
            });
            const ref = await ensureAddressContact(integration.odoo.client, partner.id, type, values);
            if (ref.created) made.push(`${type} address ${ref.id}`);
            return ref.id;
          };
          const invoicePartnerId = await address(order.BillingContact, 'invoice');
          const shippingPartnerId = await address(order.ShippingContact, 'delivery');
          out.set(order.CustomKey, { partnerId: partner.id, invoicePartnerId, shippingPartnerId, made: [...made] });
        }
      });
    } catch (error) {
      for (const order of list)
        if (!out.has(order.CustomKey))
          out.set(order.CustomKey, error instanceof Error ? error : new Error(String(error)));
    }
  });
  return out;
}
