/** The API function carries its per-caller limit: 10 requests/s by default, `-c callerRateLimitPerSecond` to change it. */
import { describe, expect, it } from 'vitest';
import { logicalIdOf, synthesizeApp } from './synthesized-app.js';

function apiVariablesOf(context: Record<string, unknown> = {}): Record<string, unknown> {
  const app = synthesizeApp({ context });
  return app.statelessTemplate.findResources('AWS::Lambda::Function')[logicalIdOf(app.stateless.apiFunction)]?.Properties.Environment
    .Variables;
}

describe('per-caller rate limit of the API function', () => {
  it('is 10 requests per second by default', () => {
    expect(apiVariablesOf()).toMatchObject({ CALLER_RATE_LIMIT_PER_SECOND: '10' });
  });

  it('follows the callerRateLimitPerSecond context', () => {
    expect(apiVariablesOf({ callerRateLimitPerSecond: '25' })).toMatchObject({ CALLER_RATE_LIMIT_PER_SECOND: '25' });
  });
});
