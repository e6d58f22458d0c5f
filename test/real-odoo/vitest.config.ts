import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The likeness check compares a real Odoo with a fresh sandbox, so it runs before the order path prepares the
 * database (currencies, pricelists, taxes, stock reserved by orders); then files in name order.
 */
class LikenessFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => (f.moduleId.includes('sandbox-likeness') ? 0 : 1);
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

// The acceptance suite against a real Odoo (`npm run test:real-odoo`), never part of `npm test`: the server is named
// by REAL_ODOO_URL and friends (see support/real-odoo.ts); without them every file is skipped with the reason.
// Files run one at a time: they share one real Odoo with 2 workers.
export default defineConfig({
  test: {
    include: ['test/real-odoo/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    sequence: { sequencer: LikenessFirst },
    testTimeout: 300_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});
