// Categories by path, created on the other side on demand when the integration allows it (`createCategories`):
// in Clarity (`Apparel/Shirts`, parent `Apparel`) for Odoo's products, in Odoo (`All / Apparel / Shirts`) for
// products made in Clarity. Parents are made before their children.
import { idempotencyKey, type ClarityClient } from '../../connectors/clarity/client.ts';
import type { WithLock } from '../../engine/locks.ts';
import type { IntegrationRuntime } from '../flow.ts';

const known = new WeakMap<ClarityClient, Map<string, Promise<void>>>();

export async function ensureClarityCategories(
  clarity: ClarityClient,
  integrationId: string,
  paths: readonly string[],
): Promise<void> {
  let cache = known.get(clarity);
  if (!cache) known.set(clarity, (cache = new Map()));
  const ensure = (path: string): Promise<void> => {
    let pending = cache.get(path);
    if (!pending) {
      pending = (async () => {
        const parts = path.split('/');
        const parent = parts.length > 1 ? parts.slice(0, -1).join('/') : undefined;
        if (parent) await ensure(parent);
        if (await clarity.categories.findByKey(path)) return;
        await clarity.categories.create(
          { CustomKey: path, Name: parts[parts.length - 1]!, ...(parent ? { ParentKey: parent } : {}) },
          { idempotencyKey: idempotencyKey('category', integrationId, path) },
        );
      })();
      // a failed attempt is tried again next time
      pending.catch(() => cache.delete(path));
      cache.set(path, pending);
    }
    return pending;
  };
  await Promise.all([...new Set(paths.filter(Boolean))].map(ensure));
}

/** A Clarity category path as Odoo names it: `Apparel/Shirts` → `All/Apparel/Shirts` (under Odoo's root category). */
export function odooCategoryPath(clarityPath: string, root = 'All'): string {
  const parts = clarityPath
    .split('/')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts[0]?.toLowerCase() !== root.toLowerCase()) parts.unshift(root);
  return parts.join('/');
}

/**
 * Makes the Odoo categories of these paths (`All/Apparel/Shirts`) that are missing, parents first. Each one is made
 * under a named lock and looked up again inside it, so two jobs naming the same new category create it once.
 */
export async function ensureOdooCategories(
  integration: IntegrationRuntime,
  withLock: WithLock,
  paths: readonly string[],
): Promise<void> {
  const { client, lookups } = integration.odoo;
  const categories = lookups.lookup('category');
  const ensure = async (path: string): Promise<number> => {
    const parts = path.split('/');
    const parentId = parts.length > 1 ? await ensure(parts.slice(0, -1).join('/')) : undefined;
    const found = await categories.find(path.replaceAll('/', ' / '));
    if (found) return found.id;
    return withLock(`odoo-category:${integration.id}:${path.toLowerCase()}`, async () => {
      const again = await categories.find(path.replaceAll('/', ' / '));
      if (again) return again.id;
      return client.create('product.category', {
        name: parts[parts.length - 1]!,
        ...(parentId !== undefined ? { parent_id: parentId } : {}),
      });
    });
  };
  for (const path of new Set(paths.filter(Boolean))) await ensure(path);
}
