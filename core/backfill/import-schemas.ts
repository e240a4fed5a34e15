/**
 * What an import of existing opportunities with their field history carries. The envelope
 * is validated as a whole (a malformed one is refused); each row is then parsed on its own,
 * so one bad row is rejected with its row number while the others are applied.
 */
import * as z from 'zod';
import { Id, Instant, inSupportedYears, multiLineText, YEARS_MESSAGE } from '../shared/common-schemas.js';

export const MAX_IMPORT_OPPORTUNITIES = 500;
export const MAX_IMPORT_HISTORY_ROWS = 10_000;

/** The source row number: the CLI passes the CSV line; the API defaults to the index + 1. */
const RowNumber = z.number().int().positive().optional();

const RawRow = z.record(z.string(), z.unknown());

export const ImportRequest = z
  .strictObject({
    opportunities: z
      .array(RawRow)
      .max(MAX_IMPORT_OPPORTUNITIES)
      .default([])
      .meta({ description: 'Opportunity rows: `row` (optional), `id`, the fields of PUT /opportunities/{id}, `createdAt` required' }),
    history: z
      .array(RawRow)
      .max(MAX_IMPORT_HISTORY_ROWS)
      .default([])
      .meta({ description: 'Field history rows: `row` (optional), `opportunityId`, `field`, `oldValue`, `newValue`, `changedAt`' }),
  })
  .meta({ id: 'ImportRequest' });
export type ImportRequest = z.infer<typeof ImportRequest>;

/** One opportunity row: the PUT body plus its id, with createdAt required (an import dates the deal). */
export const ImportOpportunityRow = z.looseObject({ row: RowNumber, id: Id, createdAt: Instant });

/** Values as a CRM export gives them: text, a number, or empty. */
export const HistoryValue = z.union([multiLineText(255), z.number(), z.null()]).default(null);

export const ImportHistoryRow = z.strictObject({
  row: RowNumber,
  opportunityId: Id,
  field: z.string().trim().min(1).max(64),
  oldValue: HistoryValue,
  newValue: HistoryValue,
  /** ISO-8601 with Z or an offset; normalised to UTC. */
  changedAt: z.iso
    .datetime({ offset: true, message: 'must be an instant such as 2016-02-10T09:30:00Z' })
    .refine(inSupportedYears, { message: YEARS_MESSAGE, abort: true }),
});
export type ImportHistoryRow = z.infer<typeof ImportHistoryRow>;
