// The likeness check of the real-Odoo suite (test/real-odoo/sandbox-likeness.test.ts) without a real server: the
// bridge's calls made on two sandboxes of one version answer alike (the check sees no drift where there is none),
// and a sandbox of another version shows where the two versions differ (it sees drift where there is some). On 19,
// where the sandbox seeds 19's demo data (no category All, two auto-applied fiscal positions), a behaviour the
// sandbox once got wrong is still reported when one side plays it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOdooSandbox, type OdooSandbox } from '../../src/sandbox/odoo/index.ts';
import { pairedDifferences } from '../support/odoo-answer-diff.ts';
import { ProbeSession, runBridgeCalls } from '../support/odoo-bridge-calls.ts';
import { sandboxTarget } from '../support/odoo-target.ts';

describe("the likeness check on the bridge's calls", () => {
  const sandboxes: OdooSandbox[] = [];
  const run = async (sandbox: OdooSandbox) => {
    const session = new ProbeSession(sandboxTarget(sandbox), '-t1');
    await runBridgeCalls(session);
    return session.answers;
  };

  beforeAll(async () => {
    for (const version of [18, 18, 17] as const) sandboxes.push(await startOdooSandbox({ version, products: 20 }));
  });
  afterAll(async () => {
    for (const sandbox of sandboxes) await sandbox.close();
  });

  it('finds nothing between two Odoo 18 sandboxes', async () => {
    const [first, second] = [await run(sandboxes[0]!), await run(sandboxes[1]!)];
    expect(first.length).toBeGreaterThan(100);
    expect(pairedDifferences(first, second)).toEqual([]);
  });

  it('finds what Odoo 17 answers otherwise than 18', async () => {
    const found = pairedDifferences(await run(sandboxes[2]!), await run(sandboxes[0]!));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'error: a private method: error {"code":200,"message":"Odoo Server Error","name":"odoo.exceptions.AccessError","text":"Private methods (such as \'sale.order._create_invoices\')',
        ),
        expect.stringContaining('return: create_returns: error'),
        expect.stringMatching(/^catalog: read the template: \$\.result\[0\]: (missing|unexpected) keys/),
        expect.stringMatching(/^invoice: draft: \$\.result\[0\]\.name: expected "\/" \(string\), got false/),
      ]),
    );
  });
});

describe('the likeness check on 19', () => {
  const sandboxes: OdooSandbox[] = [];
  const run = async (sandbox: OdooSandbox) => {
    const session = new ProbeSession(sandboxTarget(sandbox), '-t1');
    await runBridgeCalls(session);
    return session.answers;
  };

  beforeAll(async () => {
    for (const version of [19, 19, 18] as const) sandboxes.push(await startOdooSandbox({ version, products: 20 }));
  });
  afterAll(async () => {
    for (const sandbox of sandboxes) await sandbox.close();
  });

  it("reports the sandbox's old answer: 19's orders rounded per line, as 17 and 18 round them", async () => {
    const expected = await run(sandboxes[0]!);
    // the sandbox before it learnt 19's default rounding answered this way (real 19: 201.18 and 229.86)
    await sandboxes[1]!.execute('res.company', 'write', [[1], { tax_calculation_rounding_method: 'round_per_line' }]);
    const found = pairedDifferences(expected, await run(sandboxes[1]!));
    expect(found).toEqual(
      expect.arrayContaining([
        'order: read: value $.result[0].amount_untaxed: 201.17, expected 201.18',
        'order: read: value $.result[0].amount_total: 229.85, expected 229.86',
        'invoice: posted: value $.result[0].amount_total: 229.85, expected 229.86',
        'payment: read: value $.result[0].amount: 229.85, expected 229.86',
      ]),
    );
    // and nothing else: the same demo data on both sides leaves the categories and fiscal positions alike
    expect(found.filter((d) => !/amount/.test(d))).toEqual([]);
  });

  it("reports 18's answers where 19 differs: the partner write's KeyError, the category All", async () => {
    const found = pairedDifferences(await run(sandboxes[0]!), await run(sandboxes[2]!));
    expect(found).toEqual(
      expect.arrayContaining([
        'error: unknown field in write: error {"code":200,"message":"Odoo Server Error","name":"builtins.ValueError","text":"Invalid field \'x_nope\' on model \'res.partner\'","arguments":["Invalid field \'x_nope\' on model \'res.partner\'"]}, expected {"code":0,"message":"Odoo Server Error","name":"builtins.KeyError","text":"x_nope","arguments":["x_nope"]}',
        'catalog: the All category: $.result: expected 0 items, got 1',
        'lookup: fiscal positions: $.result: expected 2 items, got 0',
      ]),
    );
  });
});
