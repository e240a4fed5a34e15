/**
 * The OpenAPI document as a client's tooling reads it: Redocly's `recommended` rules, the
 * ones its CLI and generators apply, with no error and no warning.
 */
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { expect, it } from 'vitest';
import { loadApiRoutes } from '#functions/api/api-routes.js';
import { openApiDocumentOf } from '#functions/api/openapi.js';

it("passes Redocly's recommended rules without an error or a warning", async () => {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({
    source: JSON.stringify(openApiDocumentOf(await loadApiRoutes())),
    absoluteRef: 'openapi.json',
    config,
  });

  const found = problems.map(
    ({ ruleId, severity, message, location }) => `${severity} ${ruleId} at ${location[0]?.pointer ?? ''}: ${message}`,
  );
  expect(found).toEqual([]);
});
