// The time between a webhook's POST and the commit of the transaction that made it. Odoo 17 and 18 post from inside
// that transaction (fixture 25): while the POST is in flight, and for ~20–130 ms after it is answered, another reader
// sees the records as they were before the call. The sandbox holds a call's changes back the same way: it puts the
// changed records back as they were, posts, waits `lagMs`, then puts the call's values in place (the commit). A
// call that changes a record held back waits for that commit and runs again, as Odoo reruns a transaction that hit a
// concurrent update.
import type { Env, Transaction } from './env.ts';
import type { Raw } from './model-spec.ts';
import type { Model } from './model.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class CommitWindow {
  /** Records held back, each with the commit that releases it. */
  private readonly held = new Map<Raw, Promise<void>>();

  constructor(private readonly env: Env) {}

  /** The commit a call has to wait for, when it changed a record another call holds back. */
  blocking(transaction: Transaction): Promise<void> | undefined {
    for (const { rec } of transaction.changed()) {
      const commit = this.held.get(rec);
      if (commit) return commit;
    }
    return undefined;
  }

  /** Runs `post` while the call's changes are not visible, then `lagMs` more, then commits them. */
  async hold(transaction: Transaction, post: () => Promise<void>, lagMs: number): Promise<void> {
    const changed = transaction.changed().map(({ rec, model, before }) => {
      const owner = model ?? this.modelOf(rec);
      // what the commit shows: the call's values, or nothing for a record it deleted
      const after = owner?.records.get(rec.id) === rec ? structuredClone(rec) : null;
      return { rec, owner, before, after };
    });
    let commit = (): void => undefined;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    for (const { rec, owner, before } of changed) {
      owner?.restore(rec, before);
      this.held.set(rec, committed);
    }
    try {
      await post();
      if (lagMs > 0) await sleep(lagMs);
    } finally {
      for (const { rec, owner, after } of changed) {
        owner?.restore(rec, after);
        this.held.delete(rec);
      }
      commit();
    }
  }

  private modelOf(rec: Raw): Model | undefined {
    for (const model of this.env.models.values()) if (model.records.get(rec.id) === rec) return model;
    return undefined;
  }
}
