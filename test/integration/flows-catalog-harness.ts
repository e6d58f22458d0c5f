// Both sandboxes and an in-process bridge for the catalog and customer flow tests, with helpers to feed change
// events (as the pollers and webhooks would) and wait for the jobs they make.
import type { Bridge } from '../../src/bridge.ts';
import { clarityRecordEvent } from '../../src/connectors/clarity/event-identity.ts';
import type { BaseRecord, ClarityEntity } from '../../src/connectors/clarity/contract.ts';
import { recordVersion, normalizeStamp } from '../../src/core/ids.ts';
import type { Job } from '../../src/engine/job.ts';
import { startClaritySandbox, type ClaritySandbox } from '../../src/sandbox/clarity/index.ts';
import { startOdooSandbox, type OdooSandbox } from '../../src/sandbox/odoo/index.ts';
import { createBridge } from '../../src/bridge.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { testConfig } from '../support/bridge.ts';
import { prepareSandboxOdoo } from '../support/prepare-odoo.ts';
import { makeTestStore, waitUntil, type StoreKind, type TestStore } from '../support/stores.ts';

export interface Harness {
  odoo: OdooSandbox;
  clarity: ClaritySandbox;
  bridge: Bridge;
  t: TestStore;
  /** Records an Odoo change event for a record (read as it is now, all fields unless given), as the poller would. */
  odooChanged(model: string, id: number, fields?: string[]): Promise<void>;
  /** Records a Clarity change event for a record as the store holds it now, as its webhook would. */
  clarityChanged(entity: ClarityEntity, record: BaseRecord, type?: string): Promise<void>;
  /** Waits until no job is pending or running; returns the jobs finished since `since` (a job id). */
  settle(since?: number): Promise<Job[]>;
  lastJobId(): Promise<number>;
  /** Calls the bridge made, by `<connector> <operation>` (e.g. `clarity PUT /api/v1/products/{ID}`, `odoo product.template.write`). */
  calls(operation: string): number;
  execute<T = unknown>(model: string, method: string, args?: unknown[], kwargs?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    products?: number;
    clarityProducts?: number;
    integration?: Record<string, unknown>;
    pollEveryMs?: number;
    store?: StoreKind;
    /** Prepare the Odoo sandbox for the storefront's orders (currencies, pricelists, taxes); default true. */
    prepare?: boolean;
  } = {},
): Promise<Harness> {
  const odoo = await startOdooSandbox({ products: options.products ?? 20 });
  if (options.prepare !== false) await prepareSandboxOdoo(odoo.url);
  const clarity = await startClaritySandbox({
    products: options.clarityProducts ?? options.products ?? 20,
    webhookTimeScale: 1000,
  });
  const t = await makeTestStore(options.store ?? 'sqlite');
  const polling = options.pollEveryMs
    ? {
        odoo: { pollIntervalMs: options.pollEveryMs },
        clarity: { pollIntervalMs: options.pollEveryMs, webhooks: false },
      }
    : {};
  const config = testConfig({
    odooUrl: odoo.url,
    clarityUrl: clarity.url,
    integration: { ...polling, ...options.integration },
  });
  const bridge = await createBridge(config, { logger: silentLogger(), store: t.store });
  // without pollEveryMs no scheduler: the tests feed the change events themselves (as the pollers and webhooks would)
  await bridge.start({ scheduler: options.pollEveryMs !== undefined, server: false });
  const { engine } = bridge;
  const counts = new Map<string, number>();
  const record = bridge.metrics.connectorCall.bind(bridge.metrics);
  bridge.metrics.connectorCall = (connector, operation, ms, error) => {
    counts.set(`${connector} ${operation}`, (counts.get(`${connector} ${operation}`) ?? 0) + 1);
    record(connector, operation, ms, error);
  };
  const execute = <T>(model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}) =>
    odoo.execute(model, method, args, kwargs) as Promise<T>;
  const lastJobId = async () => (await engine.repos.jobs.list({ limit: 1 }))[0]?.id ?? 0;
  return {
    odoo,
    clarity,
    bridge,
    t,
    execute,
    lastJobId,
    calls: (operation) => counts.get(operation) ?? 0,
    async odooChanged(model, id, fields) {
      const [record] = await execute<Record<string, unknown>[]>(
        model,
        'read',
        fields ? [[id], [...new Set([...fields, 'write_date'])]] : [[id]],
        { context: { active_test: false } },
      );
      if (!record) throw new Error(`no ${model} ${id} in the Odoo sandbox`);
      await engine.inbox.recordEvent({
        integrationId: 'main',
        source: 'odoo',
        type: `${model}.changed`,
        entity: model,
        entityId: String(id),
        version: recordVersion(String(record.write_date), record),
        occurredAt: normalizeStamp(String(record.write_date)),
        payload: record,
      });
    },
    async clarityChanged(entity, record, type = `${entity}.updated`) {
      await engine.inbox.recordEvent(clarityRecordEvent({ integrationId: 'main', entity, type, record }));
    },
    async settle(since = 0) {
      // events first: the router enqueues an event's jobs in the transaction that marks it routed
      const idle = async () =>
        (await engine.repos.events.unrouted(t.store.db, 1)).length === 0 &&
        (await engine.repos.jobs.list({ states: ['pending', 'running', 'retrying'], limit: 1 })).length === 0;
      await waitUntil(idle, 15_000, 'the jobs to finish');
      const jobs = await engine.repos.jobs.list({ limit: 1000 });
      return jobs.filter((j) => j.id > since).reverse();
    },
    async close() {
      await bridge.stop(500);
      await Promise.all([odoo.close(), clarity.close()]);
      await t.cleanup();
    },
  };
}
