// `bridge sync stock`: the level of every product of the store's catalog → Clarity, page by page. A quant change does
// not touch the product's write_date, so every run reads every such product with a SKU; a level is sent only when it
// differs from the one the bridge last wrote (its binding), in PUTs of at most 500 items.
import { UsageError } from '../../core/errors.ts';
import { catalogDomain, variantDomain } from '../products/catalog-scope.ts';
import { stockOptions } from '../stock/options.ts';
import { currentLevels, sendLevels, STOCK_FLOW, writeBindings } from '../stock/stock-levels.ts';
import type { Domain } from '../../connectors/odoo/index.ts';
import { odooPages } from './odoo-pages.ts';
import { runSync } from './sync-runner.ts';
import {
  MAX_FAILURES,
  MAX_PLANNED,
  type PlannedChange,
  type SyncDeps,
  type SyncOptions,
  type SyncReport,
} from './sync-types.ts';

const WITH_SKU: Domain = [['default_code', '!=', false]];

export async function syncStock(deps: SyncDeps, options: SyncOptions): Promise<SyncReport> {
  if (options.since)
    throw new UsageError(
      'sync stock compares every level (stock changes leave no date on the product)',
      'run `bridge sync stock` without --since',
    );
  const { integration, repos, store, clock } = deps;
  const { client } = integration.odoo;
  const settings = stockOptions(integration.settings.flows[STOCK_FLOW] ?? {});
  // the products of the store's catalog with a SKU
  const domain: Domain = [...WITH_SKU, ...variantDomain(catalogDomain(integration.settings))];
  const planned: PlannedChange[] = [];
  const failures: { key: string; error: string }[] = [];
  return runSync(
    deps,
    'stock',
    { ...options, full: true },
    () => client.searchCount('product.product', domain),
    async function* (plan) {
      const { counts } = plan;
      for await (const page of odooPages(client, 'product.product', {
        domain,
        fields: ['default_code'],
        after: plan.after,
        pageSize: options.pageSize ?? 500,
      })) {
        const levels = await currentLevels(
          integration,
          page.records.map((r) => r.id),
          settings,
        );
        const result = await sendLevels(integration, repos, levels, options.dryRun);
        counts.seen += page.records.length;
        counts.updated += result.sent.length;
        counts.unchanged += result.unchanged;
        counts.failed += result.refused.length;
        for (const refusal of result.refused.slice(0, MAX_FAILURES - failures.length))
          failures.push({ key: String(refusal.Sku), error: refusal.Message });
        if (options.dryRun)
          for (const level of result.sent.slice(0, MAX_PLANNED - planned.length))
            planned.push({ key: level.item.Sku, action: 'update', fields: { ...level.item } });
        else if (result.sent.length)
          await store.transaction((tx) => writeBindings(repos, result.sent, clock.now(), tx));
        yield { cursor: page.cursor, size: page.records.length };
      }
    },
    { planned, failures },
  );
}
