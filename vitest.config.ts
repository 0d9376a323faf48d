import { defineConfig } from 'vitest/config';

// Every project in one command: `npm test` runs them all (CI runs exactly that).
// The projects whose tests start the bot or the CLI as a process (they run dist/, as `npm start` does)
// first bring the compiled code up to date with src/.
const COMPILED = 'tests/support/compiled-build.ts';

export default defineConfig({
  test: {
    projects: [
      // A ceiling for a stuck test, not a speed target: on a loaded 2-core machine a unit test that takes
      // 50 ms alone can take seconds (vitest's default of 5 s failed there).
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 30_000 } },
      {
        test: {
          name: 'integration',
          globalSetup: [COMPILED],
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          globalSetup: [COMPILED],
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // The web pages in Debian's Chromium (playwright-core): `npm run test:web`; needs /usr/bin/chromium.
      {
        test: {
          name: 'web',
          include: ['tests/web/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      // Faults, hostile input and authorization (issue 8): part of `npm test`, also alone as `npm run test:faults`.
      {
        test: {
          name: 'faults',
          globalSetup: [COMPILED],
          include: ['tests/faults/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
