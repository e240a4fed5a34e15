/**
 * Path and query parameters of every route are strict zod schemas: an unknown query
 * parameter is a 400 like an unknown body field. Bodies use the schemas of their core/ feature;
 * each feature's parameters sit beside its routes (functions/<feature>/*-parameters.ts).
 * Here: what several features share, and the If-Match header of conditional writes.
 */
import * as z from 'zod';
import { CalendarDate, Cursor, Instant, PageLimit } from '#core/shared/common-schemas.js';

/** A reporting period: a month, a fiscal quarter or a fiscal year. */
export const PeriodText = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4]|FY)$/, 'must be a month YYYY-MM, a fiscal quarter YYYY-Qn or a fiscal year YYYY-FY')
  .meta({ description: 'YYYY-MM, YYYY-Qn or YYYY-FY; quarters and years follow the fiscal year start month', example: '2016-Q1' });

/** A point in time for day counts: an instant, or a date (its start, UTC). */
export const AsOf = z
  .union([Instant, CalendarDate])
  .meta({ description: 'UTC instant or date; defaults to now', example: '2016-02-15T00:00:00Z' });

export const pageParameters = {
  cursor: Cursor.optional().meta({ description: 'nextCursor of the previous page' }),
  limit: PageLimit,
};

/** If-Match of a conditional write, as documented; parsed by the route. */
export const IfMatchHeaders = z.object({
  'if-match': z.string().optional().meta({ description: 'ETag of the version read, e.g. "3"; a stale one is 409' }),
});

/** The instant an AsOf stands for: a date means its start, UTC. */
export function asOfInstant(asOf: string): Date {
  return new Date(asOf.length === 10 ? `${asOf}T00:00:00.000Z` : asOf);
}
