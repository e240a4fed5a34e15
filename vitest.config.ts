import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // One in-memory DynamoDB Local for the whole run; test files get its endpoint via inject().
    globalSetup: ['test/support/global-setup.ts'],
  },
});
