/** The OpenAPI document is generated from the route table: every route is in it, fully described. */
import { describe, expect, it } from 'vitest';
import { openApiDocumentOf } from '../../functions/api/openapi.js';
import { apiRoutes } from '../../functions/api/routes.js';

const routes = apiRoutes();
const document = openApiDocumentOf(routes);

const EXPECTED_ROUTES = [
  'GET /health',
  'GET /openapi.json',
  'PUT /reps/{repId}',
  'GET /reps/{repId}',
  'GET /reps',
  'PUT /teams/{teamId}',
  'GET /teams/{teamId}',
  'GET /teams',
  'GET /stages',
  'PUT /stages',
  'GET /settings',
  'PUT /settings',
  'PUT /opportunities/{opportunityId}',
  'GET /opportunities/{opportunityId}',
  'GET /opportunities/{opportunityId}/history',
  'DELETE /opportunities/{opportunityId}',
  'GET /opportunities',
  'PUT /targets',
  'GET /targets',
  'PUT /commission-levels',
  'GET /reps/{repId}/commission-levels',
  'GET /reps/{repId}/months/{month}',
  'GET /teams/{teamId}/periods/{period}',
  'GET /company/periods/{period}',
  'GET /quality',
  'POST /imports/opportunities',
  'GET /pipeline/as-at',
  'GET /pipeline/trend',
  'GET /pipeline/change',
  'POST /pipeline/snapshots',
  'GET /audit',
];

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and serialises to JSON', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(JSON.parse(JSON.stringify(document)).info.title).toBeTruthy();
  });

  it('has exactly the routes of the contract', () => {
    const documented = Object.entries(document.paths ?? {}).flatMap(([path, item]) => Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual([...EXPECTED_ROUTES].sort());
    expect(routes.map((route) => `${route.method} ${route.path}`).sort()).toEqual([...EXPECTED_ROUTES].sort());
  });

  it.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))('%s documents its parameters, body and responses', (_name, route) => {
    const operation = (document.paths?.[route.path] as Record<string, any>)[route.method.toLowerCase()];
    const pathParameters = [...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
    const documentedPath = (operation.parameters ?? []).filter((p: { in: string }) => p.in === 'path').map((p: { name: string }) => p.name);
    expect(documentedPath.sort()).toEqual(pathParameters.sort());
    if (route.body) expect(operation.requestBody.content['application/json'].schema).toBeDefined();
    if (route.conditional) expect(operation.parameters.map((p: { name: string }) => p.name)).toContain('if-match');
    for (const status of Object.keys(route.responses)) expect(operation.responses[status]).toBeDefined();
    for (const status of route.problems) expect(operation.responses[String(status)].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(operation.responses['500']).toBeDefined();
  });

  it("states each body route's own size limit", () => {
    const post = (path: string) => (document.paths?.[path] as Record<string, any>).post;
    expect(post('/imports/opportunities').responses['413'].description).toBe('body larger than 4096 KiB');
    expect(post('/pipeline/snapshots').responses['413'].description).toBe('body larger than 256 KiB');
  });

  it('names the shared schemas as components', () => {
    expect(Object.keys(document.components?.schemas ?? {})).toEqual(
      expect.arrayContaining(['Problem', 'Rep', 'Team', 'Opportunity', 'StageConfiguration', 'TargetRecord', 'CommissionRecord', 'RepMonth', 'TeamPeriod', 'QualityTable']),
    );
  });

  it('keeps the request rules: strict bodies and integer minor units', () => {
    const put = (document.paths?.['/opportunities/{opportunityId}'] as Record<string, any>).put;
    const schema = put.requestBody.content['application/json'].schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.amount).toMatchObject({ type: 'integer', minimum: 0 });
    expect(schema.properties.probability).toMatchObject({ maximum: 100 });
  });
});
