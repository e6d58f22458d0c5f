// Both sandboxes and an in-process bridge for the catalog and customer flow tests, with helpers to feed change
// events (as the pollers and webhooks would) and wait for the jobs they make.
import type { Bridge } from '../../src/bridge.ts';
import { clarityRecordEvent } from '../../src/connectors/clarity/event-identity.ts';
import type { BaseRecord, ClarityEntity } from '../../src/connectors/clarity/contract.ts';
import { recordVersion, normalizeStamp } from '../../src/core/ids.ts';
import type { Job } from '../../src/engine/job.ts';
import { startClaritySandbox, type ClaritySandbox } from '../../src/sandbox/clarity/index.ts';
import { startOdooSandbox, type OdooSandbox } from '../../src/sandbox/odoo/index.ts';
import { startTestBridge } from '../support/bridge.ts';
import { makeTestStore, waitUntil, type TestStore } from '../support/stores.ts';

export interface Harness {
  odoo: OdooSandbox;
  clarity: ClaritySandbox;
  bridge: Bridge;
  t: TestStore;
  /** Records an Odoo change event for a record (read as it is now), as the poller would. */
  odooChanged(model: string, id: number, fields?: string[]): Promise<void>;
  /** Records a Clarity change event for a record as the store holds it now, as its webhook would. */
  clarityChanged(entity: ClarityEntity, record: BaseRecord, type?: string): Promise<void>;
  /** Waits until no job is pending or running; returns the jobs finished since `since` (a job id). */
  settle(since?: number): Promise<Job[]>;
  lastJobId(): Promise<number>;
  execute<T = unknown>(model: string, method: string, args?: unknown[], kwargs?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export async function startHarness(options: { products?: number; clarityProducts?: number; integration?: Record<string, unknown> } = {}): Promise<Harness> {
  const odoo = await startOdooSandbox({ products: options.products ?? 20 });
  const clarity = await startClaritySandbox({ products: options.clarityProducts ?? options.products ?? 20, webhookTimeScale: 1000 });
  const t = await makeTestStore('sqlite');
  const bridge = await startTestBridge({ store: t.store, odooUrl: odoo.url, clarityUrl: clarity.url, integration: { ...options.integration } });
  const { engine } = bridge;
  const execute = <T>(model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}) => odoo.execute(model, method, args, kwargs) as Promise<T>;
  const lastJobId = async () => (await engine.repos.jobs.list({ limit: 1 }))[0]?.id ?? 0;
  return {
    odoo,
    clarity,
    bridge,
    t,
    execute,
    lastJobId,
    async odooChanged(model, id, fields = ['write_date']) {
      const [record] = await execute<Record<string, unknown>[]>(model, 'read', [[id], [...new Set([...fields, 'write_date'])]], { context: { active_test: false } });
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
      await waitUntil(async () => (await engine.repos.jobs.list({ states: ['pending', 'running', 'retrying'], limit: 1 })).length === 0 && (await engine.repos.events.unrouted(t.store.db, 1)).length === 0, 15_000, 'the jobs to finish');
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
