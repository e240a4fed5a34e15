import { defineConfig } from 'vitest/config';

/**
 * Three projects: unit (core and API validation, no network), infra (CDK assertions) and
 * integration (DynamoDB Local, started once for that project only: unit and infra runs
 * need no Java). `npm test` runs them all.
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
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/docs/**/*.test.ts'] } },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
