// Runs one method call the way a busy Odoo would: injected faults first, then a worker slot and the call's
// cost (when a cost model is on), then the call itself, then the webhooks its changes trigger, sent before the
// answer as Odoo sends them inside the request: on 17 and 18 before the change is committed (commit-window.ts), on
// 19 after.
import type { Logger } from '../../core/logger.ts';
import { Semaphore } from '../../core/semaphore.ts';
import { CommitWindow } from './commit-window.ts';
import { callCostMs, type CostModel } from './cost-model.ts';
import type { Env } from './env.ts';
import type { FaultInjector } from './faults.ts';
import { serializationFailure } from './odoo-errors.ts';
import { invoke, type MethodCall } from './rpc-dispatch.ts';
import type { WebhookAutomation } from './webhook-automation.ts';

const sleep = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

export class CallRunner {
  private readonly slots: Semaphore | null;
  private readonly window: CommitWindow;

  constructor(
    private readonly env: Env,
    private readonly faults: FaultInjector,
    private readonly costModel: CostModel | null,
    private readonly timeScale: number,
    private readonly automation: WebhookAutomation,
    private readonly logger: Logger,
    /** On 17 and 18, how long the transaction goes on after its webhook's POST is answered before it commits. */
    private readonly webhookCommitLagMs = 0,
  ) {
    this.slots = costModel ? new Semaphore(costModel.maxConcurrent) : null;
    this.window = new CommitWindow(env);
  }

  /** A call that came over HTTP: faults and costs apply. */
  async runRemote(call: MethodCall): Promise<unknown> {
    this.faults.count('calls');
    this.faults.count(`calls:${call.model}.${call.method}`);
    await sleep(this.faults.slowMethodMs(call.model, call.method));
    if (this.faults.serializationFailure()) throw serializationFailure();
    if (!this.slots || !this.costModel) return this.execute(call);
    const release = await this.slots.acquire();
    try {
      await sleep(callCostMs(this.costModel, call.model, call.method, recordCount(call)) / this.timeScale);
      return await this.execute(call);
    } finally {
      release();
    }
  }

  /** Run the call now (in-process access skips faults and costs). */
  async execute(call: MethodCall): Promise<unknown> {
    for (;;) {
      const result = invoke(this.env, call);
      const transaction = this.env.transaction;
      // it changed a record another call has not committed yet: wait for that commit and run again
      const blocked = this.window.blocking(transaction);
      if (blocked) {
        this.env.rollback();
        await blocked;
        continue;
      }
      const webhooks = this.automation.collect(this.env.changes, transaction);
      if (webhooks.length && this.env.version < 19) {
        const lagMs = this.webhookCommitLagMs / this.timeScale;
        await this.window.hold(transaction, () => this.automation.send(webhooks), lagMs);
      } else if (webhooks.length) await this.automation.send(webhooks);
      this.logger.debug({ model: call.model, method: call.method }, 'odoo sandbox call');
      return result;
    }
  }
}

function recordCount(call: MethodCall): number {
  const vals = call.kwargs.vals_list;
  if (Array.isArray(vals)) return vals.length;
  return Math.max(1, call.ids.length);
}
