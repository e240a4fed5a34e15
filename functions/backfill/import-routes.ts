import { importOpportunities } from '#core/backfill/import-opportunities.js';
import { ImportRequest } from '#core/backfill/import-schemas.js';
import { type ApiRoute, defineRoute, json } from '../api/route-definition.js';
import { ImportResultDocument } from './import-documents.js';
import { importLeadsRoutes } from './import-leads-routes.js';

/**
 * An import carries up to 500 deals and 10,000 history rows: about 1.5 MB of JSON. Below
 * Lambda's 6 MB synchronous payload limit (and API Gateway's 10 MB).
 */
export const IMPORT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export const importRoutes: ApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/imports/opportunities',
    operationId: 'importOpportunities',
    summary: 'Import existing opportunities with their field history (backfill); a re-import changes nothing',
    tag: 'backfill',
    body: ImportRequest,
    maxBodyBytes: IMPORT_MAX_BODY_BYTES,
    responses: {
      200: {
        description: 'what was imported; rows that could not be are rejected with their row number and reason (partial success)',
        schema: ImportResultDocument,
      },
    },
    action: async ({ body, access }, adapters) => json(200, await importOpportunities(adapters, access, body)),
  }),
  ...importLeadsRoutes,
];
