/** Query parameters of the conversion metrics (strict: an unknown one is a 400). */
import * as z from 'zod';
import { GROUPINGS } from '#core/conversion/conversion-metrics.js';
import { DEFAULT_CONVERSION_MONTHS, MAX_CONVERSION_MONTHS } from '#core/conversion/read-conversion-metrics.js';
import { Id, Month } from '#core/shared/common-schemas.js';
import { isMonth, monthsBetween } from '#core/shared/period.js';

const range = {
  from: Month.optional().meta({
    description: `the first month (UTC); default ${DEFAULT_CONVERSION_MONTHS - 1} months before to`,
    example: '2026-01',
  }),
  to: Month.optional().meta({
    description: `the last month (UTC), at most ${MAX_CONVERSION_MONTHS - 1} months after from; default ${DEFAULT_CONVERSION_MONTHS - 1} months after from, or the current month without from`,
    example: '2026-12',
  }),
};

/** Both months given and well-formed (a malformed one is its own issue already): one alone always makes a valid range. */
const bothMonths = (check: (from: string, to: string) => boolean) => (query: { from?: string | undefined; to?: string | undefined }) =>
  query.from === undefined || query.to === undefined || !isMonth(query.from) || !isMonth(query.to) || check(query.from, query.to);
const TO_NOT_BEFORE_FROM = { path: ['to'], message: 'must not be before from' };
const AT_MOST = { path: ['to'], message: `must be at most ${MAX_CONVERSION_MONTHS - 1} months after from` };
const ordered = bothMonths((from, to) => from <= to);
const notTooLong = bothMonths((from, to) => monthsBetween(from, to).length <= MAX_CONVERSION_MONTHS);

const scope = {
  teamId: Id.optional().meta({ description: "the team's subtree (today's tree); not with repId" }),
  repId: Id.optional().meta({ description: 'one rep; a rep sees only themself, the default for them; not with teamId' }),
};

const oneScope = (query: { teamId?: string | undefined; repId?: string | undefined }) =>
  query.teamId === undefined || query.repId === undefined;
const ONE_SCOPE = { path: ['repId'], message: 'give teamId or repId, not both' };

/** The range and scope of campaign metrics and the funnel. */
export const ConversionQuery = z
  .strictObject({ ...range, ...scope })
  .refine(oneScope, ONE_SCOPE)
  .refine(ordered, TO_NOT_BEFORE_FROM)
  .refine(notTooLong, AT_MOST);

/** The range, the scope and the grouping of the lead and opportunity metrics. */
export const GroupedConversionQuery = z
  .strictObject({
    ...range,
    by: z
      .enum(GROUPINGS)
      .default('month')
      .meta({ description: "rows per creation month (UTC), lead source, campaign, rep's team today, or rep" }),
    ...scope,
  })
  .refine(oneScope, ONE_SCOPE)
  .refine(ordered, TO_NOT_BEFORE_FROM)
  .refine(notTooLong, AT_MOST);
