/**
 * The route table: every route of the API, in one list the router and the OpenAPI
 * document are both built from.
 */
import * as z from 'zod';
import { auditRoutes } from '../audit/audit-routes.js';
import { importRoutes } from '../backfill/import-routes.js';
import { campaignRoutes } from '../campaigns/campaign-routes.js';
import { commissionLevelsRoutes } from '../commission/commission-levels-routes.js';
import { conversionRoutes } from '../conversion/conversion-routes.js';
import { leadRoutes } from '../leads/lead-routes.js';
import { opportunityRoutes } from '../opportunities/opportunity-routes.js';
import { callerRoutes } from '../organisation/caller-routes.js';
import { repRoutes } from '../organisation/rep-routes.js';
import { settingsRoutes } from '../organisation/settings-routes.js';
import { stageRoutes } from '../organisation/stage-routes.js';
import { teamRoutes } from '../organisation/team-routes.js';
import { pipelineRoutes } from '../pipeline/pipeline-routes.js';
import { qualityRoutes } from '../quality/quality-routes.js';
import { monthSeriesRoutes } from '../reports/month-series-routes.js';
import { reportRoutes } from '../reports/report-routes.js';
import { targetRoutes } from '../targets/target-routes.js';
import { HealthDocument } from './health-document.js';
import { openApiDocumentOf } from './openapi.js';
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

function openApiRoute(routes: () => readonly ApiRoute[]): ApiRoute {
  let document: unknown;
  return defineRoute({
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI 3.1 document',
    tag: 'health',
    responses: { 200: { description: 'the OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
    action: async () => {
      document ??= openApiDocumentOf(routes());
      return json(200, document);
    },
  });
}

export function apiRoutes(): readonly ApiRoute[] {
  const routes: ApiRoute[] = [
    healthRoute,
    ...callerRoutes,
    ...repRoutes,
    ...teamRoutes,
    ...stageRoutes,
    ...settingsRoutes,
    ...opportunityRoutes,
    ...targetRoutes,
    ...commissionLevelsRoutes,
    ...reportRoutes,
    ...monthSeriesRoutes,
    ...qualityRoutes,
    ...importRoutes,
    ...pipelineRoutes,
    ...auditRoutes,
    ...campaignRoutes,
    ...leadRoutes,
    ...conversionRoutes,
  ];
  routes.splice(
    1,
    0,
    openApiRoute(() => routes),
  );
  return routes;
}
