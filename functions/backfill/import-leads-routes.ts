import { importLeads } from '#core/backfill/import-leads.js';
import { ImportLeadsRequest } from '#core/backfill/import-leads-rows.js';
import { type ApiRoute, defineRoute, json } from '../api/route-definition.js';
import { ImportLeadsResultDocument } from './import-leads-documents.js';

/** Up to 500 leads of a few hundred bytes each: well under a megabyte of JSON. */
export const IMPORT_LEADS_MAX_BODY_BYTES = 1024 * 1024;

export const importLeadsRoutes: ApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/imports/leads',
    operationId: 'importLeads',
    summary: 'Import existing leads (marketing and admins); a lead stored with other values is rejected, and a re-import changes nothing',
    tag: 'backfill',
    body: ImportLeadsRequest,
    maxBodyBytes: IMPORT_LEADS_MAX_BODY_BYTES,
    responses: {
      200: {
        description: 'what was imported; rows that could not be are rejected with their row number and reason (partial success)',
        schema: ImportLeadsResultDocument,
      },
    },
    action: async ({ body, access }, adapters) => json(200, await importLeads(adapters, access, body)),
  }),
];
