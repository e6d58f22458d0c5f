import { defineConfig } from 'vitest/config';

// The acceptance suite against a real Odoo (`npm run test:real-odoo`), never part of `npm test`: the server is named
// by REAL_ODOO_URL and friends (see support/real-odoo.ts); without them every file is skipped with the reason.
// Files run one at a time: they share one real Odoo with 2 workers.
export default defineConfig({
  test: {
    include: ['test/real-odoo/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});
