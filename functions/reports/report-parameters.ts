/** Path and query parameters of the report routes (strict: an unknown one is a 400). */
import * as z from 'zod';
import { MAX_SERIES_MONTHS } from '#core/reports/month-series.js';
import { Id, Month } from '#core/shared/common-schemas.js';
import { isMonth, monthsBetween } from '#core/shared/period.js';
import { PeriodText } from '../api/common-parameters.js';

export const RepMonthParams = z.strictObject({ repId: Id, month: Month });
export const TeamPeriodParams = z.strictObject({ teamId: Id, period: PeriodText });
export const CompanyPeriodParams = z.strictObject({ period: PeriodText });
export const RepPeriodParams = z.strictObject({ repId: Id, period: PeriodText });

/** Only where both months are well-formed: a malformed one is its own issue already (zod runs these checks regardless). */
const bothMonths = (check: (from: string, to: string) => boolean) => (range: { from: string; to: string }) =>
  !isMonth(range.from) || !isMonth(range.to) || check(range.from, range.to);

/** The months of a series, both included: from 1 to 24 of them. */
export const MonthRangeQuery = z
  .strictObject({
    from: Month.meta({ description: 'the first month', example: '2026-01' }),
    to: Month.meta({ description: `the last month: at most ${MAX_SERIES_MONTHS - 1} months after from`, example: '2026-12' }),
  })
  .refine(
    bothMonths((from, to) => from <= to),
    { path: ['to'], message: 'must not be before from' },
  )
  .refine(
    bothMonths((from, to) => monthsBetween(from, to).length <= MAX_SERIES_MONTHS),
    { path: ['to'], message: `must be at most ${MAX_SERIES_MONTHS - 1} months after from` },
  );
