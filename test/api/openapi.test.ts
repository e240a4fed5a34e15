/** The OpenAPI document is generated from the route table: every route is in it, fully described. */
import { describe, expect, it } from 'vitest';
import { loadApiRoutes } from '#functions/api/api-routes.js';
import { openApiDocumentOf } from '#functions/api/openapi.js';
import { defineRoute, json } from '#functions/api/route-definition.js';

const routes = await loadApiRoutes();
const document = openApiDocumentOf(routes);

const EXPECTED_ROUTES = [
  'GET /health',
  'GET /openapi.json',
  'GET /me',
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
  'GET /reps/{repId}/months/{month}/commission/next-sale',
  'GET /reps/{repId}/months/{month}/commission/change',
  'GET /teams/{teamId}/periods/{period}',
  'GET /company/periods/{period}',
  'GET /reps/{repId}/periods/{period}',
  'GET /company/months',
  'GET /teams/{teamId}/months',
  'GET /reps/{repId}/months',
  'GET /quality',
  'POST /imports/opportunities',
  'GET /pipeline/as-at',
  'GET /pipeline/trend',
  'GET /pipeline/change',
  'POST /pipeline/snapshots',
  'GET /pipeline/jobs/{jobId}',
  'GET /audit',
  'PUT /campaigns/{campaignId}',
  'GET /campaigns/{campaignId}',
  'GET /campaigns',
  'PUT /leads/{leadId}',
  'GET /leads/{leadId}',
  'GET /leads',
  'POST /leads/{leadId}/convert',
  'POST /imports/leads',
  'GET /conversion/leads',
  'GET /conversion/opportunities',
  'GET /conversion/campaigns',
  'GET /conversion/funnel',
  'GET /forecasts',
  'GET /forecasts/rates',
  'GET /forecasts/backtest',
];

/** Stable: generated clients name their methods after these, so a change breaks them. */
const OPERATION_IDS: Readonly<Record<string, string>> = {
  'GET /health': 'getHealth',
  'GET /openapi.json': 'getOpenApiDocument',
  'GET /me': 'getMe',
  'PUT /reps/{repId}': 'putRep',
  'GET /reps/{repId}': 'getRep',
  'GET /reps': 'listReps',
  'PUT /teams/{teamId}': 'putTeam',
  'GET /teams/{teamId}': 'getTeam',
  'GET /teams': 'listTeams',
  'GET /stages': 'getStageConfiguration',
  'PUT /stages': 'putStageConfiguration',
  'GET /settings': 'getSettings',
  'PUT /settings': 'putSettings',
  'PUT /opportunities/{opportunityId}': 'putOpportunity',
  'GET /opportunities/{opportunityId}': 'getOpportunity',
  'GET /opportunities/{opportunityId}/history': 'getOpportunityHistory',
  'DELETE /opportunities/{opportunityId}': 'deleteOpportunity',
  'GET /opportunities': 'listOpportunities',
  'PUT /targets': 'putTargets',
  'GET /targets': 'listTargets',
  'PUT /commission-levels': 'putCommissionLevels',
  'GET /reps/{repId}/commission-levels': 'getCommissionLevels',
  'GET /reps/{repId}/months/{month}': 'getRepMonth',
  'GET /reps/{repId}/months/{month}/commission/next-sale': 'getNextSale',
  'GET /reps/{repId}/months/{month}/commission/change': 'getCommissionChange',
  'GET /teams/{teamId}/periods/{period}': 'getTeamPeriod',
  'GET /company/periods/{period}': 'getCompanyPeriod',
  'GET /reps/{repId}/periods/{period}': 'getRepPeriod',
  'GET /company/months': 'getCompanyMonthSeries',
  'GET /teams/{teamId}/months': 'getTeamMonthSeries',
  'GET /reps/{repId}/months': 'getRepMonthSeries',
  'GET /quality': 'getQualityTable',
  'POST /imports/opportunities': 'importOpportunities',
  'GET /pipeline/as-at': 'getPipelineAsAt',
  'GET /pipeline/trend': 'getPipelineTrend',
  'GET /pipeline/change': 'getPipelineChange',
  'POST /pipeline/snapshots': 'takePipelineSnapshots',
  'GET /pipeline/jobs/{jobId}': 'getPipelineJob',
  'GET /audit': 'listAuditEntries',
  'PUT /campaigns/{campaignId}': 'putCampaign',
  'GET /campaigns/{campaignId}': 'getCampaign',
  'GET /campaigns': 'listCampaigns',
  'PUT /leads/{leadId}': 'putLead',
  'GET /leads/{leadId}': 'getLead',
  'GET /leads': 'listLeads',
  'POST /leads/{leadId}/convert': 'convertLead',
  'POST /imports/leads': 'importLeads',
  'GET /conversion/leads': 'getLeadConversion',
  'GET /conversion/opportunities': 'getOpportunityConversion',
  'GET /conversion/campaigns': 'getCampaignConversion',
  'GET /conversion/funnel': 'getConversionFunnel',
  'GET /forecasts': 'getForecast',
  'GET /forecasts/rates': 'getLearnedRates',
  'GET /forecasts/backtest': 'getForecastBacktest',
};

const FEATURE_TAGS = [
  'health',
  'organisation',
  'opportunities',
  'targets',
  'commission',
  'reports',
  'quality',
  'pipeline',
  'backfill',
  'audit',
  'campaigns',
  'conversion',
  'leads',
  'forecasts',
];

/** Every operation of the document, keyed `METHOD /path`. */
function operations(): [string, Record<string, any>][] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, any>).map(
      ([method, operation]) => [`${method.toUpperCase()} ${path}`, operation] as [string, Record<string, any>],
    ),
  );
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and serialises to JSON', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(JSON.parse(JSON.stringify(document)).info.title).toBeTruthy();
  });

  it('has exactly the routes of the contract', () => {
    const documented = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual([...EXPECTED_ROUTES].sort());
    expect(routes.map((route) => `${route.method} ${route.path}`).sort()).toEqual([...EXPECTED_ROUTES].sort());
  });

  it.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s documents its parameters, body and responses',
    (_name, route) => {
      const operation = (document.paths?.[route.path] as Record<string, any> | undefined)?.[route.method.toLowerCase()];
      const pathParameters = [...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      const documentedPath = (operation.parameters ?? [])
        .filter((p: { in: string }) => p.in === 'path')
        .map((p: { name: string }) => p.name);
      expect(documentedPath.sort()).toEqual(pathParameters.sort());
      if (route.body) expect(operation.requestBody.content['application/json'].schema).toBeDefined();
      if (route.conditional) expect(operation.parameters.map((p: { name: string }) => p.name)).toContain('if-match');
      for (const status of Object.keys(route.responses)) expect(operation.responses[status]).toBeDefined();
      for (const status of route.problems)
        expect(operation.responses[String(status)].content['application/problem+json'].schema).toEqual({
          $ref: '#/components/schemas/Problem',
        });
      expect(operation.responses['500']).toBeDefined();
    },
  );

  it("states each body route's own size limit", () => {
    const post = (path: string) => (document.paths?.[path] as Record<string, any> | undefined)?.post;
    expect(post('/imports/opportunities').responses['413'].description).toBe('body larger than 4096 KiB');
    expect(post('/pipeline/snapshots').responses['413'].description).toBe('body larger than 256 KiB');
  });

  it('gives every operation its stable, camelCase operationId', () => {
    expect(Object.fromEntries(operations().map(([key, operation]) => [key, operation.operationId]))).toEqual(OPERATION_IDS);
    for (const id of Object.values(OPERATION_IDS)) expect(id).toMatch(/^(get|list|put|delete|import|take|convert)[A-Z][A-Za-z]+$/);
    expect(new Set(Object.values(OPERATION_IDS)).size).toBe(Object.keys(OPERATION_IDS).length);
  });

  it('tags every operation with one feature, each tag described', () => {
    expect((document.tags ?? []).map((tag) => tag.name)).toEqual(FEATURE_TAGS);
    for (const tag of document.tags ?? []) expect(tag.description).toBeTruthy();
    for (const [key, operation] of operations()) expect(operation.tags, key).toEqual([expect.toBeOneOf(FEATURE_TAGS)]);
    const tagOf = (key: string) => operations().find(([candidate]) => candidate === key)?.[1].tags[0];
    expect([tagOf('PUT /reps/{repId}'), tagOf('GET /stages'), tagOf('POST /imports/opportunities'), tagOf('GET /openapi.json')]).toEqual([
      'organisation',
      'organisation',
      'backfill',
      'health',
    ]);
  });

  it('names its servers (where it was fetched from, and npm start) and its licence', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' }), expect.objectContaining({ url: 'http://127.0.0.1:3000' })]);
    expect(document.info.license).toMatchObject({ name: 'Apache 2.0', identifier: 'Apache-2.0' });
  });

  it('says which numbers are ratios (1 = 100 %), with an example, as against percentages named ...Percent', () => {
    const fractional: [string, Record<string, any>][] = [];
    const visit = (node: unknown, at: string): void => {
      if (!node || typeof node !== 'object') return;
      const { properties } = node as { properties?: Record<string, Record<string, any>> };
      for (const [name, property] of Object.entries(properties ?? {}))
        if ([property.type].flat().includes('number')) fractional.push([`${at}.${name}`, property]);
      for (const [key, child] of Object.entries(node)) visit(child, `${at}/${key}`);
    };
    visit(document, '#');
    // Average days are days to one decimal, not ratios.
    const ratios = fractional.filter(([at]) => !at.endsWith('Percent') && !/\.averageDays\w*$/.test(at));
    expect([...new Set(ratios.map(([at]) => at.split('.').at(-1)))].sort()).toEqual([
      'attainment',
      'brierScore',
      'closeInPeriod',
      'conversionRate',
      'coverage',
      'fraction',
      'from',
      'meanProbability',
      'observedRate',
      'probabilityOfReachingTarget',
      'revenueContribution',
      'roi',
      'share',
      'standardError',
      'to',
      'weightedAbsolutePercentageError',
      'winRate',
    ]);
    for (const [at, property] of ratios) {
      expect(property.description, at).toContain('a ratio (1 = 100 %)');
      expect(property.examples, at).toEqual([expect.any(Number)]);
    }
  });

  it('names the shared schemas as components', () => {
    expect(Object.keys(document.components?.schemas ?? {})).toEqual(
      expect.arrayContaining([
        'Problem',
        'Rep',
        'Team',
        'Opportunity',
        'StageConfiguration',
        'TargetRecord',
        'CommissionRecord',
        'RepMonth',
        'TeamPeriod',
        'RepPeriod',
        'MonthSeries',
        'Caller',
        'Settings',
        'QualityTable',
      ]),
    );
  });

  it('keeps the request rules: strict bodies and integer minor units', () => {
    const put = (document.paths?.['/opportunities/{opportunityId}'] as Record<string, any> | undefined)?.put;
    const schema = put.requestBody.content['application/json'].schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.amount).toMatchObject({ type: 'integer', minimum: 0 });
    expect(schema.properties.probability).toMatchObject({ maximum: 100 });
  });
});

it('cannot define a route without an operationId, nor with one that does not start with a verb (type errors, caught by tsc in npm test)', () => {
  const route = { method: 'GET', path: '/x', summary: 'x', tag: 'health', responses: {}, action: async () => json(200, {}) } as const;
  // @ts-expect-error operationId is required
  defineRoute(route);
  // @ts-expect-error an operationId starts with one of the verbs (get, list, put, delete, import, take, convert)
  defineRoute({ ...route, operationId: 'repMonth' });
  expect(defineRoute({ ...route, operationId: 'getX' }).operationId).toBe('getX');
});
