import { defineConfig } from 'vitest/config';

/**
 * Tests sit in one folder per feature (test/<feature>/, as in core/ and functions/), and run
 * in four projects: unit (no network), infra (CDK assertions, test/infra/), integration
 * (`*.integration.test.ts`: DynamoDB Local, started once for that project only, so unit and
 * infra runs need no Java) and browser (`*.browser.test.ts`: the dashboard in Debian's
 * Chromium against the local runtime, one file at a time). `npm test` runs them all.
 */
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Handlers log rejected requests and failed records at warn/error; tests assert on
    // responses, not on log lines, so keep the output readable.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.integration.test.ts', 'test/**/*.browser.test.ts', 'test/infra/**'],
        },
      },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.integration.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/**/*.browser.test.ts'],
          globalSetup: ['test/support/browser-global-setup.ts'],
          // Each file starts a runtime (Java) and a Chromium: one file at a time, and only once the
          // other projects are done, so that timings on a small machine are the dashboard's own.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
        },
      },
    ],
  },
});
