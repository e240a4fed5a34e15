/**
 * The route table: every route of the API, in groups the router and the OpenAPI document
 * are both built from; most groups load on first use (lazy-routes.ts).
 */
import * as z from 'zod';
import { opportunityRoutes } from '../opportunities/opportunity-routes.js';
import { callerRoutes } from '../organisation/caller-routes.js';
import { repRoutes } from '../organisation/rep-routes.js';
import { settingsRoutes } from '../organisation/settings-routes.js';
import { stageRoutes } from '../organisation/stage-routes.js';
import { teamRoutes } from '../organisation/team-routes.js';
import { HealthDocument } from './health-document.js';
import { type LazyRouteGroup, loadAllRoutes, onFirstUse, type RouteGroup } from './lazy-routes.js';
import { type ApiRoute, defineRoute, json } from './route-definition.js';

// Cheap by construction: every route first reads the caller's rep, one GetItem, so reaching
// the action means the database answered; when it cannot be reached that read fails and
// the error boundary answers 503 with Retry-After, which is what a supervisor watches for.
const healthRoute = defineRoute({
  method: 'GET',
  path: '/health',
  operationId: 'getHealth',
  summary: 'Health: the function runs, the caller is signed in and the database answers (503 with Retry-After while it cannot be reached)',
  tag: 'health',
  responses: { 200: { description: 'alive, and the database answered', schema: HealthDocument } },
  action: async () => json(200, { status: 'ok' }),
});

/** The document is generated on first request, by zod-to-openapi, both loaded only then. */
function openApiRoute(routes: () => Promise<readonly ApiRoute[]>): ApiRoute {
  const documentOnce = onFirstUse(async () => {
    const { openApiDocumentOf } = await import('./openapi.js');
    return openApiDocumentOf(await routes());
  });
  return defineRoute({
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI 3.1 document',
    tag: 'health',
    responses: { 200: { description: 'the OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
    action: async () => json(200, await documentOnce()),
  });
}

/** A group of routes loaded on first use: `keys` must list exactly the routes `load` gives. */
function lazy(name: string, keys: readonly `${ApiRoute['method']} ${string}`[], load: () => Promise<readonly ApiRoute[]>): LazyRouteGroup {
  return {
    name,
    keys: keys.map((key) => {
      const [method, path] = key.split(' ') as [ApiRoute['method'], string];
      return { method, path };
    }),
    load: onFirstUse(load),
  };
}

/**
 * Every route, in groups. In the entry chunk: what every request needs anyway (the caller's
 * rep, the organisation) and the opportunity writes, the hot path. Loaded on first use: the
 * rest, each feature its own chunk, so a cold start parses only the first part.
 */
export const API_ROUTE_GROUPS: readonly RouteGroup[] = [
  {
    routes: [
      healthRoute,
      openApiRoute(() => loadApiRoutes()),
      ...callerRoutes,
      ...repRoutes,
      ...teamRoutes,
      ...stageRoutes,
      ...settingsRoutes,
      ...opportunityRoutes,
    ],
  },
  lazy('targets', ['PUT /targets', 'GET /targets'], async () => (await import('../targets/target-routes.js')).targetRoutes),
  lazy(
    'commission levels',
    ['PUT /commission-levels', 'GET /reps/{repId}/commission-levels'],
    async () => (await import('../commission/commission-levels-routes.js')).commissionLevelsRoutes,
  ),
  lazy(
    'commission insight',
    ['GET /reps/{repId}/months/{month}/commission/next-sale', 'GET /reps/{repId}/months/{month}/commission/change'],
    async () => (await import('../commission/commission-insight-routes.js')).commissionInsightRoutes,
  ),
  lazy(
    'reports',
    [
      'GET /reps/{repId}/months/{month}',
      'GET /reps/{repId}/periods/{period}',
      'GET /teams/{teamId}/periods/{period}',
      'GET /company/periods/{period}',
      'GET /company/months',
      'GET /teams/{teamId}/months',
      'GET /reps/{repId}/months',
    ],
    async () => {
      const [reports, monthSeries] = await Promise.all([
        import('../reports/report-routes.js'),
        import('../reports/month-series-routes.js'),
      ]);
      return [...reports.reportRoutes, ...monthSeries.monthSeriesRoutes];
    },
  ),
  lazy('quality', ['GET /quality'], async () => (await import('../quality/quality-routes.js')).qualityRoutes),
  lazy(
    'imports',
    ['POST /imports/opportunities', 'POST /imports/leads'],
    async () => (await import('../backfill/import-routes.js')).importRoutes,
  ),
  lazy(
    'pipeline',
    ['GET /pipeline/as-at', 'GET /pipeline/trend', 'GET /pipeline/change', 'POST /pipeline/snapshots', 'GET /pipeline/jobs/{jobId}'],
    async () => (await import('../pipeline/pipeline-routes.js')).pipelineRoutes,
  ),
  lazy('audit', ['GET /audit'], async () => (await import('../audit/audit-routes.js')).auditRoutes),
  lazy(
    'campaigns',
    ['PUT /campaigns/{campaignId}', 'GET /campaigns/{campaignId}', 'GET /campaigns'],
    async () => (await import('../campaigns/campaign-routes.js')).campaignRoutes,
  ),
  lazy(
    'leads',
    ['PUT /leads/{leadId}', 'GET /leads/{leadId}', 'GET /leads', 'POST /leads/{leadId}/convert'],
    async () => (await import('../leads/lead-routes.js')).leadRoutes,
  ),
  lazy(
    'conversion',
    ['GET /conversion/leads', 'GET /conversion/opportunities', 'GET /conversion/campaigns', 'GET /conversion/funnel'],
    async () => (await import('../conversion/conversion-routes.js')).conversionRoutes,
  ),
  lazy(
    'forecasts',
    ['GET /forecasts', 'GET /forecasts/rates', 'GET /forecasts/backtest'],
    async () => (await import('../forecasts/forecast-routes.js')).forecastRoutes,
  ),
];

/** Every route, the lazy groups loaded (the OpenAPI document, tests). */
export function loadApiRoutes(): Promise<readonly ApiRoute[]> {
  return loadAllRoutes(API_ROUTE_GROUPS);
}
