import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../core/clock.ts';
import { TransientError } from '../../core/errors.ts';
import { compareWithHint, readAfterHint } from './hint-read.ts';
import type { OdooHint } from './webhook.ts';

interface Run {
  scenario: string;
  captured_webhook_request: {
    received_at: string;
    body: Record<string, unknown>;
    read_during_post: { record: Record<string, unknown> };
  };
  commit_visible: { record: Record<string, unknown> };
}

/** Fixture 25: real Odoo 17 and 19 validating deliveries and confirming or cancelling orders, with webhooks on. */
function runs(file: string): Run[] {
  const fixture = JSON.parse(readFileSync(new URL(`../../../test/fixtures/${file}`, import.meta.url), 'utf8')) as {
    picking_runs: Run[];
    sale_order_runs: Run[];
  };
  return [...fixture.picking_runs, ...fixture.sale_order_runs];
}
const ODOO17 = runs('odoo17/25-webhook-previous-write-date.json');
const ODOO19 = runs('odoo19/webhook-previous-write-date.json');

function hintOf(run: Run): OdooHint {
  const { _action, _id, _model, ...values } = run.captured_webhook_request.body;
  return {
    hint: true,
    model: String(_model),
    id: Number(_id),
    action: String(_action),
    values,
    receivedAt: run.captured_webhook_request.received_at,
  };
}

/** A clock whose sleeps pass at once, so the bounded wait is tested without waiting. */
function fakeClock(start: number): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) };
}

describe('compareWithHint, on what real Odoo servers posted and showed', () => {
  it('Odoo 17: the record read while Odoo waits on its POST is not yet committed; once committed it is', () => {
    for (const run of ODOO17) {
      const hint = hintOf(run);
      const during = compareWithHint(hint, run.captured_webhook_request.read_during_post.record);
      expect(during, run.scenario).toEqual({ committed: false, pending: ['state'] });
      expect(compareWithHint(hint, run.commit_visible.record), run.scenario).toEqual({ committed: true });
    }
  });

  it('Odoo 19 posts after the commit: the first read is the change', () => {
    for (const run of ODOO19)
      expect(compareWithHint(hintOf(run), run.captured_webhook_request.read_during_post.record), run.scenario).toEqual({
        committed: true,
      });
  });

  it("a picking's webhook carries its previous write_date; the committed picking is accepted at a later one", () => {
    const [run] = ODOO17;
    const hint = hintOf(run!);
    const committed = run!.commit_visible.record;
    expect(String(hint.values.write_date).slice(0, 19) < String(committed.write_date)).toBe(true);
    // written again after the validation (a tracking number changed): newer than the hint, not a wait
    expect(compareWithHint(hint, { ...committed, carrier_tracking_ref: 'CHANGED', state: 'done' })).toEqual({
      committed: true,
    });
    // the validation undone in the same second as the hinted write_date: still waiting
    expect(
      compareWithHint(hint, { ...committed, state: 'assigned', write_date: String(hint.values.write_date) }),
    ).toEqual({ committed: false, pending: ['state'] });
  });
});

describe('readAfterHint', () => {
  const run = ODOO17[0]!;
  const hint = hintOf(run);
  const before = run.captured_webhook_request.read_during_post.record;
  const after = run.commit_visible.record;
  const arrived = Date.parse(hint.receivedAt);

  it('reads again after short pauses until the hinted change is committed', async () => {
    const clock = fakeClock(arrived + 20);
    const answers = [before, before, after];
    let reads = 0;
    const result = await readAfterHint(hint, async () => answers[reads++], { clock });
    expect(result).toMatchObject({ record: after, committed: true, reads: 3 });
    expect(clock.slept).toEqual([50, 100]);
  });

  it('takes what it reads once the wait from the POST has passed, saying it is not committed', async () => {
    const clock = fakeClock(arrived);
    const result = await readAfterHint(hint, async () => before, { clock, waitMs: 2_000 });
    expect(result).toMatchObject({ record: before, committed: false, pending: ['state'] });
    expect(clock.now()).toBe(arrived + 2_000);
    expect(Math.max(...clock.slept)).toBeLessThanOrEqual(1_000);
  });

  it('does not wait at all for a hint older than the wait (a backlog), nor without a hint', async () => {
    const late = fakeClock(arrived + 60_000);
    expect(await readAfterHint(hint, async () => before, { clock: late })).toMatchObject({
      committed: false,
      reads: 1,
    });
    const plain = fakeClock(arrived);
    expect(await readAfterHint(undefined, async () => before, { clock: plain })).toMatchObject({
      record: before,
      committed: true,
      reads: 1,
    });
    expect(plain.slept).toEqual([]);
  });

  it('stops waiting when the worker shuts down, asking for the job to run again', async () => {
    const controller = new AbortController();
    const clock = fakeClock(arrived);
    let reads = 0;
    const waiting = readAfterHint(
      hint,
      async () => {
        if (++reads === 2) controller.abort();
        return before;
      },
      { clock, signal: controller.signal },
    );
    await expect(waiting).rejects.toBeInstanceOf(TransientError);
    await expect(waiting).rejects.toThrow(/stopped waiting for Odoo to commit .* \(state not yet as hinted\)/);
    expect(reads).toBe(2);
  });
});
