import { readCaller } from '#core/organisation/read-caller.js';
import { type ApiRoute, defineRoute, json } from '../api/route-definition.js';
import { CallerDocument } from './organisation-documents.js';

export const callerRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/me',
    operationId: 'getMe',
    summary: 'Who the caller is and what they may see: their rep and role, the company, and the teams and reps they may choose',
    tag: 'organisation',
    responses: { 200: { description: 'the caller, and every scope they may see in tree order', schema: CallerDocument } },
    action: async ({ access }, adapters) => json(200, await readCaller(adapters, access)),
  }),
];
