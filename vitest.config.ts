import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql 16 ships CommonJS and ESM copies; Node (and so Pothos and yoga) loads the CommonJS one, so the tests
  // must too, or a schema from one copy is "from another module or realm" to the other.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    // One database for the run (embedded, or a fresh one on TEST_DATABASE_URL's server), migrated once.
    globalSetup: ['test/global-setup.ts'],
    // Test files run in parallel processes; each builds its own data with unique names.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
