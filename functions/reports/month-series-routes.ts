import { readCompanyMonths, readRepMonths, readTeamMonths } from '#core/reports/read-month-series.js';
import { type ApiRoute, defineRoute, json } from '../api/route-definition.js';
import { RepIdParams, TeamIdParams } from '../organisation/organisation-parameters.js';
import { MonthSeriesDocument } from './report-documents.js';
import { MonthRangeQuery } from './report-parameters.js';

const SERIES = { 200: { description: 'each month of the range rolled up on its own, oldest first', schema: MonthSeriesDocument } };

// `/reps/{repId}/months` has no month segment, so it never matches `/reps/{repId}/months/{month}` (the router anchors both).
export const monthSeriesRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/company/months',
    operationId: 'getCompanyMonthSeries',
    summary: "The company's figures month by month (1 to 24 months), with each month's child teams and reps",
    tag: 'reports',
    query: MonthRangeQuery,
    responses: SERIES,
    problems: [404],
    action: async ({ query, access }, adapters) => json(200, await readCompanyMonths(adapters, access, query)),
  }),
  defineRoute({
    method: 'GET',
    path: '/teams/{teamId}/months',
    operationId: 'getTeamMonthSeries',
    summary: "A team's figures month by month (1 to 24 months), with each month's child teams and reps",
    tag: 'reports',
    params: TeamIdParams,
    query: MonthRangeQuery,
    responses: SERIES,
    problems: [404],
    action: async ({ params, query, access }, adapters) => json(200, await readTeamMonths(adapters, access, params.teamId, query)),
  }),
  defineRoute({
    method: 'GET',
    path: '/reps/{repId}/months',
    operationId: 'getRepMonthSeries',
    summary: "A rep's figures month by month (1 to 24 months)",
    tag: 'reports',
    params: RepIdParams,
    query: MonthRangeQuery,
    responses: SERIES,
    problems: [404],
    action: async ({ params, query, access }, adapters) => json(200, await readRepMonths(adapters, access, params.repId, query)),
  }),
];
