import * as z from 'zod';
import { COMPANY_SCOPE, type Scope } from '#core/organisation/scope.js';
import { readQualityTable } from '#core/quality/quality-table.js';
import { InvalidCursorError } from '#core/shared/page.js';
import { monthOfInstant } from '#core/shared/period.js';
import { asOfInstant } from '../api/common-parameters.js';
import { type ApiRoute, defineRoute, json } from '../api/route-definition.js';
import { QualityTableDocument } from './quality-documents.js';
import { QualityTableQuery } from './quality-parameters.js';

/**
 * The quality table is sorted by computed metrics, so its pages are positions in the sorted
 * month rather than DynamoDB keys. The cursor carries the position and the `asOf` of the
 * first page: day counts must not move between pages of one listing.
 */
const QualityCursor = z.strictObject({ offset: z.number().int().positive(), asOf: z.iso.datetime() });

function encodeQualityCursor(offset: number, asOf: string): string {
  return Buffer.from(JSON.stringify({ offset, asOf }), 'utf8').toString('base64url');
}

function decodeQualityCursor(cursor: string): z.infer<typeof QualityCursor> {
  try {
    return QualityCursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new InvalidCursorError();
  }
}

export const qualityRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/quality',
    operationId: 'getQualityTable',
    summary: 'Pipeline quality table: deals closing in a month with close-month extensions, days since last stage change and days open',
    tag: 'quality',
    query: QualityTableQuery,
    responses: { 200: { description: 'one page of the sorted table', schema: QualityTableDocument } },
    problems: [404],
    action: async ({ query, access }, adapters) => {
      const cursor = query.cursor === undefined ? undefined : decodeQualityCursor(query.cursor);
      const asOf = query.asOf !== undefined ? asOfInstant(query.asOf) : cursor ? new Date(cursor.asOf) : adapters.clock.now();
      const scope: Scope =
        query.repId !== undefined
          ? { kind: 'rep', repId: query.repId }
          : query.teamId !== undefined
            ? { kind: 'team', teamId: query.teamId }
            : COMPANY_SCOPE;
      const page = await readQualityTable(adapters, access, {
        month: query.month ?? monthOfInstant(adapters.clock.now()),
        scope,
        sort: query.sort,
        order: query.order,
        status: query.status,
        asOf,
        offset: cursor?.offset ?? 0,
        limit: query.limit,
      });
      const { nextOffset, ...table } = page;
      return json(200, { ...table, nextCursor: nextOffset === null ? null : encodeQualityCursor(nextOffset, page.asOf) });
    },
  }),
];
