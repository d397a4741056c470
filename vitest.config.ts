import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default (cores - 1) runs one file at a time on a 2-core machine, and most integration files wait on
    // child processes (MLflow, DVC, Python) rather than compute: two at a time there halves the suite's wall time.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
