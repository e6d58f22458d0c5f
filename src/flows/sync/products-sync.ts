// `bridge sync products`: Odoo's catalog → Clarity, page by page. Each product is mapped and hashed over the fields
// the product flow writes; it is written only when that hash differs from what Clarity holds (`--full`: Clarity's
// catalog is listed first, keeping one id and one hash per SKU) or from what the bridge last wrote (the binding),
// then through the product flow's own merge (push-to-clarity.ts), so ownership and conflicts follow the same rules.
// Products out of the catalog (not for sale, or archived: catalog-scope.ts) are never created; those the store shows
// are deactivated there.
import type { Product } from '../../connectors/clarity/contract.ts';
import type { BindingWrite } from '../../store/bindings.repo.ts';
import { contentHash, stableStringify } from '../../core/ids.ts';
import { describeError } from '../../core/errors.ts';
import { PRODUCT_TO_CLARITY_FLOW, templatesInCatalog } from '../products/catalog-scope.ts';
import { expandVariants, TEMPLATE_FIELDS } from '../products/odoo-product.ts';
import { productOptions } from '../products/options.ts';
import {
  isWithdrawn,
  mapProducts,
  PRODUCT_ENTITY,
  PRODUCT_TO_CLARITY,
  pushProducts,
} from '../products/push-to-clarity.ts';
import { ownershipFor } from '../ownership.ts';
import { comparable } from './field-merge.ts';
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

const ALL_ACTIVE: Domain = [['active', 'in', [true, false]]];

/** The hash of a product over the compared fields. */
const hashOver = (fields: readonly string[], record: Record<string, unknown>): string =>
  contentHash(stableStringify(comparable(Object.fromEntries(fields.map((f) => [f, record[f]])))));

/** The fields the product flow writes on an update (no create-only rules, none of the groups Clarity owns). */
async function comparedFields(deps: SyncDeps, skipGroups: readonly string[]): Promise<string[]> {
  const mapping = await deps.integration.mapping(PRODUCT_TO_CLARITY);
  const skip = new Set(skipGroups);
  return [
    ...new Set(
      mapping.file.rules
        .filter((r) => !r.onlyOnCreate && !(r.group && skip.has(r.group)))
        .map((r) => r.target.split('.')[0]!),
    ),
  ].filter((f) => f !== 'CustomKey');
}

export async function syncProducts(deps: SyncDeps, options: SyncOptions): Promise<SyncReport> {
  const { integration, repos, store, clock } = deps;
  const { client } = integration.odoo;
  const ownership = ownershipFor(integration.settings, PRODUCT_TO_CLARITY_FLOW);
  const scope = {
    integration,
    ownership,
    options: productOptions(integration.settings.flows[PRODUCT_TO_CLARITY_FLOW] ?? {}),
    dryRun: options.dryRun,
  };
  const fields = await comparedFields(deps, ownership.skipGroupsWriting('clarity'));
  const planned: PlannedChange[] = [];
  const failures: { key: string; error: string }[] = [];

  // --full compares with what Clarity holds now: one hash (and whether it is active) per SKU
  let index: Map<string, { hash: string; active: boolean }> | undefined;
  if (options.full) {
    index = new Map();
    for await (const page of integration.clarity.pages<Product>(integration.clarity.paths.products, {
      pageSize: 500,
    })) {
      for (const product of page.Results)
        index.set(product.CustomKey, {
          hash: hashOver(fields, product as unknown as Record<string, unknown>),
          active: product.Active !== false,
        });
    }
  }

  return runSync(
    deps,
    'products',
    options,
    (domain) => client.searchCount('product.template', [...ALL_ACTIVE, ...domain]),
    async function* (plan) {
      const { counts } = plan;
      for await (const page of odooPages(client, 'product.template', {
        domain: [...ALL_ACTIVE, ...plan.domain],
        fields: TEMPLATE_FIELDS,
        after: plan.after,
        pageSize: options.pageSize ?? 250,
        context: { active_test: false },
      })) {
        const templates = await expandVariants(client, page.records);
        const keys = templates.map((t) => String(t.default_code));
        const bindings = await repos.bindings.byClarityKeys(integration.id, PRODUCT_ENTITY, keys);
        const catalog = await templatesInCatalog(
          client,
          scope.options.domain,
          templates.map((t) => t.id),
        );
        const mapped = await mapProducts(scope, templates, 'update');
        const pick: number[] = [];
        // in step, but with no binding (its write was cut off before the binding was saved): bind it now
        const unbound: BindingWrite[] = [];
        templates.forEach((template, i) => {
          counts.seen++;
          const m = mapped[i]!;
          const key = keys[i]!;
          const snapshot = bindings.get(key)?.claritySnapshot;
          if (isWithdrawn(template, catalog)) {
            // out of the catalog (not for sale, or archived): only to be deactivated where the store shows it
            const shown = index ? index.get(key)?.active : snapshot ? snapshot.Active !== false : undefined;
            if (shown === undefined) counts.skipped++;
            else if (!shown) counts.unchanged++;
            else pick.push(i);
            return;
          }
          if (!m.ok) {
            counts.failed++;
            if (failures.length < MAX_FAILURES) failures.push({ key, error: describeError(m.error) });
            return;
          }
          const known = index ? index.get(key)?.hash : snapshot ? hashOver(fields, snapshot) : undefined;
          if (known && known === hashOver(fields, m.values)) {
            counts.unchanged++;
            if (!bindings.get(key)?.claritySnapshot)
              unbound.push({
                integrationId: integration.id,
                entity: PRODUCT_ENTITY,
                clarityKey: key,
                odooId: template.id,
                claritySnapshot: m.values,
              });
          } else pick.push(i);
        });
        if (unbound.length && !options.dryRun) {
          const now = clock.now();
          await store.transaction(async (tx) => {
            for (const write of unbound) await repos.bindings.upsert(write, now, tx);
          });
        }
        if (pick.length) {
          const chosen = pick.map((i) => templates[i]!);
          const current = new Map<string, Product>();
          // Clarity's record of each product that differs (those it does not have are created)
          await Promise.all(
            pick.map(async (i) => {
              const key = keys[i]!;
              if (index && !index.has(key)) return;
              const product = await integration.clarity.products.findByKey(key);
              if (product) current.set(key, product);
            }),
          );
          const results = await pushProducts(
            scope,
            chosen,
            current,
            bindings,
            catalog,
            pick.map((i) => mapped[i]!),
          );
          const writes: BindingWrite[] = [];
          results.forEach((result, j) => {
            const key = keys[pick[j]!]!;
            if (result instanceof Error) {
              counts.failed++;
              if (failures.length < MAX_FAILURES) failures.push({ key, error: describeError(result) });
              return;
            }
            if (!result.binding) {
              counts.skipped++; // out of the catalog, and the store no longer has it
              return;
            }
            writes.push(result.binding);
            if (result.outcome !== 'applied') counts.unchanged++;
            else if (result.created) counts.created++;
            else counts.updated++;
            if (options.dryRun && result.outcome === 'applied' && planned.length < MAX_PLANNED)
              planned.push({ key, action: result.created ? 'create' : 'update', fields: result.written });
          });
          if (!options.dryRun && writes.length) {
            const now = clock.now();
            await store.transaction(async (tx) => {
              for (const write of writes) await repos.bindings.upsert(write, now, tx);
            });
          }
        }
        yield { cursor: page.cursor, size: page.records.length };
      }
    },
    { planned, failures },
  );
}
