import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      '{packages/*,testing/*,hub,agent}/{src,test}/**/*.test.ts',
      'helm/test/**/*.test.ts',
      'test/e2e/**/*.test.ts',
      'scripts/**/*.test.ts',
      'test/bench/support/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/gen/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores here: integration tests start servers, keep parallelism modest.
    maxWorkers: 2,
    benchmark: { include: ['test/bench/**/*.bench.ts'] },
    coverage: {
      provider: 'v8',
      include: ['packages/core/src/**/*.ts'],
      exclude: ['**/*.test.ts', '**/index.ts'],
      reporter: ['text-summary', 'text'],
      // The domain core is pure; every rule must be exercised.
      thresholds: { lines: 90 },
    },
  },
});
