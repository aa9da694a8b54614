import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 900_000,
    projects: [
      {
        // Pure logic and the ingest script, on real fixtures: fast, no build.
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 120_000 },
      },
      {
        // The real Astro build of the bundled archive, Pagefind, feeds and a real browser.
        // One build is shared by every file (tests/setup/build-site.ts).
        test: {
          name: 'site',
          include: ['tests/site/**/*.test.ts'],
          globalSetup: ['tests/setup/build-site.ts'],
          testTimeout: 120_000,
          hookTimeout: 900_000,
          // Two cores: browser tests run one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
