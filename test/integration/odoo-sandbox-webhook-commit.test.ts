// The Odoo sandbox's automation webhooks, pinned on what real Odoo servers did (fixture 25): the recorder that
// observed real Odoo 17 and 19 runs the same scenarios against the sandbox, and the two must tell the same story.
// - The POST carries the record as the ORM cache holds it: a picking validated some time after its last write
//   posts its *previous* write_date (its state is computed from the moves), a sale order its new one.
// - Odoo 17 and 18 post before the transaction commits: a reader during the POST sees the record as it was; Odoo 19
//   posts after the commit.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_WEBHOOK_RULES,
  OdooClient,
  createSaleOrder,
  pickingsOfSaleOrder,
  setupOdooWebhooks,
  validatePicking,
  x2many,
} from '../../src/connectors/odoo/index.ts';
import { startOdooSandbox, type OdooSandbox } from '../../src/sandbox/odoo/index.ts';
import {
  recordWebhookObservations,
  type Observation,
  type WebhookObservations,
} from '../fixtures/recorders/webhook-write-date.ts';

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8')) as WebhookObservations;

const CASES = [
  { version: 17, real: fixture('odoo17/25-webhook-previous-write-date.json') },
  { version: 18, real: fixture('odoo18/webhook-previous-write-date.json') },
  { version: 19, real: fixture('odoo19/webhook-previous-write-date.json') },
] as const;

const seconds = (stamp: unknown) => String(stamp).slice(0, 19);

/** What one run shows, in terms that hold on any server: ids, names and clock times left out. */
function story(run: Observation) {
  const post = run.captured_webhook_request!;
  const during = 'record' in post.read_during_post ? post.read_during_post.record : {};
  const hinted = seconds(post.body.write_date);
  return {
    keys: Object.keys(post.body).sort(),
    posted: {
      state: post.body.state,
      sale_id: typeof post.body.sale_id,
      tracking: typeof post.body.carrier_tracking_ref,
    },
    writeDateFormat: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/.test(String(post.body.write_date)),
    // which write_date the POST carried: the one before the change, or the one it made
    hintedWriteDate:
      hinted === seconds(run.before.write_date)
        ? 'previous'
        : hinted === seconds(run.after.write_date)
          ? 'new'
          : 'other',
    // what a reader saw while Odoo waited on the POST
    readDuringPost: {
      state: during.state,
      writeDate: seconds(during.write_date) === seconds(run.after.write_date) ? 'new' : 'previous',
    },
    committed: run.commit_visible !== null,
  };
}

describe.each(CASES)('Odoo sandbox $version: webhooks as a real Odoo posts them (fixture 25)', ({ version, real }) => {
  let sandbox: OdooSandbox;
  let seen: WebhookObservations;

  beforeAll(async () => {
    sandbox = await startOdooSandbox({ version, products: 20 });
    // a pause of over a second between the last write and the change, so that the two write_dates differ
    seen = await recordWebhookObservations({
      url: sandbox.url,
      db: sandbox.db,
      apiKey: sandbox.apiKey,
      pauseMs: 1_100,
    });
  }, 60_000);
  afterAll(async () => {
    await sandbox?.close();
  });

  // runs 0 and 1 validate a picking a while after its last write; the others may fall within one second
  it.each([0, 1])('a picking validated a while after its last write (run %i)', (index) => {
    const expected = story(real.picking_runs[index]!);
    expect(expected.hintedWriteDate).toBe('previous');
    expect(story(seen.picking_runs[index]!)).toEqual(expected);
  });

  it.each([0, 1])('a sale order confirmed or cancelled (run %i)', (index) => {
    const expected = story(real.sale_order_runs[index]!);
    expect(expected.hintedWriteDate).toBe('new');
    expect(story(seen.sale_order_runs[index]!)).toEqual(expected);
  });

  it('every picking run posts the fields the real one posts', () => {
    for (const [index, run] of seen.picking_runs.entries())
      expect(story(run).keys, run.scenario).toEqual(story(real.picking_runs[index]!).keys);
  });
});

describe('Odoo sandbox 17: a call that writes a record another call has not committed yet', () => {
  it('waits for that commit and runs again, so that neither change is lost (Odoo reruns a serialization failure)', async () => {
    const sandbox = await startOdooSandbox({ version: 17, products: 20, webhookCommitLagMs: 100 });
    const client = new OdooClient({
      url: sandbox.url,
      db: sandbox.db,
      login: sandbox.login,
      company: sandbox.company,
      apiKey: sandbox.apiKey,
    });
    let pickingId = 0;
    let writtenDuringPost: Promise<unknown> | undefined;
    // while Odoo waits on the POST of the validation, someone writes the picking's tracking number
    const receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        writtenDuringPost ??= client.write('stock.picking', [pickingId], {
          carrier_tracking_ref: 'WRITTEN-DURING-POST',
        });
        setTimeout(() => res.writeHead(200).end('{}'), 50);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/odoo/main/t`;
      await setupOdooWebhooks(client, { url, rules: DEFAULT_WEBHOOK_RULES.filter((r) => r.key === 'picking done') });
      const [product] = await client.search('product.product', [['default_code', '=', 'E-COM07']], { limit: 1 });
      const customer = await client.create('res.partner', { name: 'Commit window customer' });
      const orderId = await createSaleOrder(
        client,
        { partner_id: customer, order_line: [x2many.create({ product_id: product, product_uom_qty: 1 })] },
        { confirm: true },
      );
      pickingId = (await pickingsOfSaleOrder(client, orderId))[0]!.id;
      await validatePicking(client, pickingId);
      await writtenDuringPost;
      const [picking] = await client.read('stock.picking', [pickingId], ['state', 'carrier_tracking_ref']);
      expect(picking).toMatchObject({ state: 'done', carrier_tracking_ref: 'WRITTEN-DURING-POST' });
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
      await sandbox.close();
    }
  });
});
