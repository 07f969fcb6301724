import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // A Redis answers before the first file runs, or the run stops in its first seconds (tests/helpers/global-setup.ts).
    globalSetup: ['tests/helpers/global-setup.ts'],
    // Files share one Redis; each isolates itself with its own key prefix, but
    // running them in sequence keeps CPU-bound timing tests honest on 2 cores.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
