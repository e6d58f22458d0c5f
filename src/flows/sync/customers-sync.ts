// `bridge sync customers`: Clarity's customers → Odoo partners first (found by email, so none twice), then Odoo's
// partners with an email → Clarity customers, each through the customer flows' own code (so ownership, echoes and
// conflicts follow the same rules). The Odoo pass is checkpointed page by page; the Clarity pass is idempotent and
// is simply read again (only customers changed since the last run, unless --full).
import type { Customer } from '../../connectors/clarity/contract.ts';
import { describeError } from '../../core/errors.ts';
import { normalizeStamp, recordVersion } from '../../core/ids.ts';
import type { EventJobPayload } from '../../engine/router.ts';
import { customerToClarity } from '../customers/customer-to-clarity.ts';
import { customerToOdoo } from '../customers/customer-to-odoo.ts';
import type { Domain } from '../../connectors/odoo/index.ts';
import { odooPages } from './odoo-pages.ts';
import { runFlowDirectly } from './run-flow-directly.ts';
import { runSync } from './sync-runner.ts';
import { mapLimit } from '../../core/map-limit.ts';
import { MAX_FAILURES, type SyncDeps, type SyncOptions, type SyncReport } from './sync-types.ts';
import type { SyncCounts } from './sync-state.ts';

const CUSTOMER_PARTNERS: Domain = [
  ['email', '!=', false],
  ['type', '=', 'contact'],
];
const PARALLEL = 8;

function tally(counts: SyncCounts, outcome: string): void {
  if (outcome === 'applied') counts.updated++;
  else counts.unchanged++;
}

export async function syncCustomers(deps: SyncDeps, options: SyncOptions): Promise<SyncReport> {
  const { integration } = deps;
  const { client } = integration.odoo;
  const failures: { key: string; error: string }[] = [];
  const fail = (counts: SyncCounts, key: string, error: unknown) => {
    counts.failed++;
    if (failures.length < MAX_FAILURES) failures.push({ key, error: describeError(error) });
  };

  return runSync(
    deps,
    'customers',
    options,
    (domain) => client.searchCount('res.partner', [...CUSTOMER_PARTNERS, ...domain]),
    async function* (plan) {
      const { counts } = plan;
      // Clarity → Odoo (skipped when resuming the Odoo pass of an unfinished run)
      if (!plan.resumed) {
        // the same start as the Odoo pass
        const modifiedSince = plan.from ? normalizeStamp(plan.from) : undefined;
        for await (const page of integration.clarity.pages<Customer>(integration.clarity.paths.customers, {
          pageSize: 500,
          ...(modifiedSince ? { modifiedSince } : {}),
        })) {
          if (options.dryRun) {
            counts.seen += page.Results.length;
            continue;
          }
          await mapLimit(page.Results, PARALLEL, async (customer) => {
            counts.seen++;
            const event: EventJobPayload['event'] = {
              id: `sync-${customer.ID}`,
              source: 'clarity',
              type: 'customer.updated',
              entity: 'customer',
              entityId: String(customer.ID),
              version: recordVersion(customer.UpdatedDate, customer),
              occurredAt: normalizeStamp(customer.UpdatedDate),
              payload: customer,
            };
            try {
              tally(counts, (await runFlowDirectly(deps, customerToOdoo, { event }, options.signal)).outcome);
            } catch (error) {
              fail(counts, customer.Email, error);
            }
          });
        }
      }
      // Odoo → Clarity
      for await (const page of odooPages(client, 'res.partner', {
        domain: [...CUSTOMER_PARTNERS, ...plan.domain],
        fields: ['email'],
        after: plan.after,
        pageSize: options.pageSize ?? 200,
      })) {
        if (!options.dryRun) {
          await mapLimit(page.records, PARALLEL, async (partner) => {
            counts.seen++;
            const event: EventJobPayload['event'] = {
              id: `sync-partner-${partner.id}`,
              source: 'odoo',
              type: 'res.partner.changed',
              entity: 'res.partner',
              entityId: String(partner.id),
              version: recordVersion(partner.write_date, partner),
              occurredAt: normalizeStamp(partner.write_date),
              payload: partner,
            };
            try {
              tally(
                counts,
                (
                  await runFlowDirectly(
                    deps,
                    customerToClarity,
                    { event, data: { partnerId: partner.id } },
                    options.signal,
                  )
                ).outcome,
              );
            } catch (error) {
              fail(counts, String(partner.email), error);
            }
          });
        } else counts.seen += page.records.length;
        yield { cursor: page.cursor, size: page.records.length };
      }
    },
    { planned: [], failures },
  );
}
