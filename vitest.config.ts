import { defineConfig } from 'vitest/config';

/** Timing-sensitive load tests run alone, after everything else, so other suites cannot skew them. */
const LOAD_TESTS = ['test/integration/overload.test.ts', 'test/integration/durability.test.ts', 'test/integration/backtest-thread.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          // Unit tests first (fast feedback), then integration with its own worker limit.
          sequence: { groupOrder: 1 },
          include: ['test/integration/**/*.test.ts'],
          exclude: LOAD_TESTS,
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each file starts its own station on its own temp dir; two cores, so do not oversubscribe.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'load',
          sequence: { groupOrder: 2 },
          include: LOAD_TESTS,
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 60_000,
          maxWorkers: 1,
        },
      },
    ],
  },
});
