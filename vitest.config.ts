import { defineConfig } from 'vitest/config';

// Every project in one command: `npm test` runs them all (CI runs exactly that).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
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
          include: ['tests/faults/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
