import { readAuditTrail } from '#core/audit/read-audit-trail.js';
import { type ApiRoute, defineRoute, json } from '../api/route-definition.js';
import { AuditEntryPage, ReadAuditTrailQuery } from './audit-documents.js';

export const auditRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/audit',
    operationId: 'listAuditEntries',
    summary:
      'The audit trail (admins): who changed targets, commission levels, stages, reps, teams or settings, when, from what to what; newest first',
    tag: 'audit',
    query: ReadAuditTrailQuery,
    responses: { 200: { description: 'one page of audit entries, newest first', schema: AuditEntryPage } },
    problems: [403],
    action: async ({ query, access }, adapters) => json(200, await readAuditTrail(adapters, access, query)),
  }),
];
