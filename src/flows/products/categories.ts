// Clarity categories by path (`Apparel/Shirts`, parent `Apparel`), created on demand when the integration allows it.
// Each path is looked up once per process and integration; parents are made before their children.
import { idempotencyKey, type ClarityClient } from '../../connectors/clarity/client.ts';

const known = new WeakMap<ClarityClient, Map<string, Promise<void>>>();

export async function ensureClarityCategories(clarity: ClarityClient, integrationId: string, paths: readonly string[]): Promise<void> {
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
