import { defineConfig } from 'vitest/config';

// One browser, one Kamailio, one rtpengine for the whole file: the tests run in order, never in parallel.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
