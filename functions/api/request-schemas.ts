/**
 * Path and query parameters of every route, as strict zod schemas: an unknown query
 * parameter is a 400 like an unknown body field. Bodies use the schemas of their core/ feature.
 */
import * as z from 'zod';
import { QUALITY_SORT_COLUMNS } from '#core/quality/quality-table.js';
import { CalendarDate, Cursor, Id, Instant, Month, PageLimit } from '#core/shared/common-schemas.js';
import { TargetOwnerType } from '#core/targets/target.js';

/** Most months one target read may span: two years, as a target write. */
export const MAX_TARGET_MONTHS = 24;

export const RepIdParams = z.strictObject({ repId: Id });
export const TeamIdParams = z.strictObject({ teamId: Id });
export const OpportunityIdParams = z.strictObject({ opportunityId: Id });
export const RepMonthParams = z.strictObject({ repId: Id, month: Month });

/** A reporting period: a month, a fiscal quarter or a fiscal year. */
export const PeriodText = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4]|FY)$/, 'must be a month YYYY-MM, a fiscal quarter YYYY-Qn or a fiscal year YYYY-FY')
  .meta({ description: 'YYYY-MM, YYYY-Qn or YYYY-FY; quarters and years follow the fiscal year start month', example: '2016-Q1' });
export const TeamPeriodParams = z.strictObject({ teamId: Id, period: PeriodText });
export const CompanyPeriodParams = z.strictObject({ period: PeriodText });

/** A point in time for day counts: an instant, or a date (its start, UTC). */
export const AsOf = z
  .union([Instant, CalendarDate])
  .meta({ description: 'UTC instant or date; defaults to now', example: '2016-02-15T00:00:00Z' });

const pageParameters = {
  cursor: Cursor.optional().meta({ description: 'nextCursor of the previous page' }),
  limit: PageLimit,
};

export const ListRepsQuery = z.strictObject({
  teamId: Id.optional().meta({ description: 'only the reps placed directly in this team' }),
  ...pageParameters,
});
export const ListTeamsQuery = z.strictObject(pageParameters);

export const ListOpportunitiesQuery = z
  .strictObject({
    ownerId: Id.optional().meta({ description: "the deals' owner; the caller when absent" }),
    from: CalendarDate.optional().meta({ description: 'first close date included' }),
    to: CalendarDate.optional().meta({ description: 'last close date included' }),
    ...pageParameters,
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, {
    path: ['to'],
    message: 'must not be before from',
  });

export const ReadOpportunityQuery = z.strictObject({ asOf: AsOf.optional() });

export const ReadTargetsQuery = z
  .strictObject({ ownerType: TargetOwnerType, ownerId: Id, from: Month, to: Month })
  .refine((query) => query.from <= query.to, { path: ['to'], message: 'must not be before from' })
  .refine((query) => monthSpan(query.from, query.to) <= MAX_TARGET_MONTHS, {
    path: ['to'],
    message: `must be at most ${MAX_TARGET_MONTHS} months after from`,
  });

export const LevelsInForceQuery = z.strictObject({ month: Month.optional().meta({ description: 'defaults to the current month' }) });

export const QualitySort = z.enum(QUALITY_SORT_COLUMNS);

export const QualityTableQuery = z
  .strictObject({
    month: Month.optional().meta({ description: 'close month; defaults to the current month' }),
    repId: Id.optional(),
    teamId: Id.optional().meta({ description: 'the team and every team below it' }),
    sort: QualitySort.default('closeDate'),
    order: z.enum(['asc', 'desc']).default('asc'),
    status: z.enum(['open', 'all']).default('open').meta({ description: "'open' deals (can still slip) or 'all'" }),
    asOf: AsOf.optional(),
    ...pageParameters,
  })
  .refine((query) => query.repId === undefined || query.teamId === undefined, {
    path: ['teamId'],
    message: 'give repId or teamId, not both',
  });

/** If-Match of a conditional write, as documented; parsed by the route. */
export const IfMatchHeaders = z.object({
  'if-match': z.string().optional().meta({ description: 'ETag of the version read, e.g. "3"; a stale one is 409' }),
});

function monthSpan(from: string, to: string): number {
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
  return index(to) - index(from) + 1;
}

/** The instant an AsOf stands for: a date means its start, UTC. */
export function asOfInstant(asOf: string): Date {
  return new Date(asOf.length === 10 ? `${asOf}T00:00:00.000Z` : asOf);
}
