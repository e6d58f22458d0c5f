import { defineConfig } from 'vitest/config';

// Unit tests live beside the code, integration and end-to-end tests under test/.
// Files run in parallel (each makes its own SQLite file and PostgreSQL schema, servers listen on port 0).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // the acceptance suite against a real Odoo runs on its own: npm run test:real-odoo
    exclude: ['**/node_modules/**', 'test/real-odoo/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
