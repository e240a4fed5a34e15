import { readRepMonth } from '#core/reports/read-rep-month.js';
import { readRepPeriod } from '#core/reports/read-rep-period.js';
import { readCompanyPeriod, readTeamPeriod } from '#core/reports/read-team-period.js';
import { type ApiRoute, defineRoute, json } from '../api/route-definition.js';
import { RepMonthDocument, RepPeriodDocument, TeamPeriodDocument } from './report-documents.js';
import { CompanyPeriodParams, RepMonthParams, RepPeriodParams, TeamPeriodParams } from './report-parameters.js';

export const reportRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/reps/{repId}/months/{month}',
    operationId: 'getRepMonth',
    summary: "A rep's month: target record, commission record and linked deals",
    tag: 'reports',
    params: RepMonthParams,
    responses: { 200: { description: "the rep's month, computed now", schema: RepMonthDocument } },
    problems: [404],
    action: async ({ params, access }, adapters) => json(200, await readRepMonth(adapters, access, params.repId, params.month)),
  }),
  defineRoute({
    method: 'GET',
    path: '/reps/{repId}/periods/{period}',
    operationId: 'getRepPeriod',
    summary: "A rep's figures for a month, fiscal quarter or fiscal year, in the shape of a team's period",
    tag: 'reports',
    params: RepPeriodParams,
    responses: { 200: { description: "the rep's months summed: target record and commission", schema: RepPeriodDocument } },
    problems: [404],
    action: async ({ params, access }, adapters) => json(200, await readRepPeriod(adapters, access, params.repId, params.period)),
  }),
  defineRoute({
    method: 'GET',
    path: '/teams/{teamId}/periods/{period}',
    operationId: 'getTeamPeriod',
    summary: "A team's figures for a month, fiscal quarter or fiscal year, with drill-down to its members",
    tag: 'reports',
    params: TeamPeriodParams,
    responses: { 200: { description: 'the roll-up and one level of drill-down', schema: TeamPeriodDocument } },
    problems: [404],
    action: async ({ params, access }, adapters) => json(200, await readTeamPeriod(adapters, access, params.teamId, params.period)),
  }),
  defineRoute({
    method: 'GET',
    path: '/company/periods/{period}',
    operationId: 'getCompanyPeriod',
    summary: "The company's (root team's) figures for a period, with drill-down",
    tag: 'reports',
    params: CompanyPeriodParams,
    responses: { 200: { description: 'the roll-up and one level of drill-down', schema: TeamPeriodDocument } },
    problems: [404],
    action: async ({ params, access }, adapters) => json(200, await readCompanyPeriod(adapters, access, params.period)),
  }),
];
