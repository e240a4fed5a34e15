import * as z from 'zod';
import { AmountMinor, Id, Month, ProductFamily } from '../shared/common-schemas.js';

/**
 * A revenue band [from, to) in minor units with its marginal rate in percent.
 * `to: null` is the open top band (no cap).
 */
export const Band = z.strictObject({
  from: AmountMinor,
  to: AmountMinor.nullable(),
  ratePercent: z.number().min(0).max(100).multipleOf(0.0001, 'must have at most four decimals'),
});
export type Band = z.infer<typeof Band>;

/** Bands must start at 0, be sorted, contiguous and non-empty; only the last may be open. */
export const Bands = z
  .array(Band)
  .min(1)
  .max(20)
  .superRefine((bands, ctx) => {
    bands.forEach((band, index) => {
      const path = [index];
      if (index === 0 && band.from !== 0)
        ctx.addIssue({ code: 'custom', path: [...path, 'from'], message: 'the first band must start at 0' });
      if (band.to !== null && band.to <= band.from)
        ctx.addIssue({ code: 'custom', path: [...path, 'to'], message: 'must be greater than from' });
      if (band.to === null && index < bands.length - 1)
        ctx.addIssue({ code: 'custom', path: [...path, 'to'], message: 'only the last band may be open-ended' });
      const previous = bands[index - 1];
      if (previous && previous.to !== null && band.from !== previous.to) {
        const message =
          band.from < previous.to
            ? `overlaps the previous band (which ends at ${previous.to})`
            : `leaves a gap after the previous band (which ends at ${previous.to})`;
        ctx.addIssue({ code: 'custom', path: [...path, 'from'], message });
      }
    });
  });

/**
 * Commission levels for a rep from `fromMonth`, optionally per product family. Without
 * `toMonth` they carry forward until changed; with it, the months after `toMonth` keep
 * whatever applied before.
 */
export const CommissionLevelsInput = z
  .strictObject({
    repId: Id,
    productFamily: ProductFamily.nullable().default(null),
    fromMonth: Month,
    toMonth: Month.nullable().default(null),
    bands: Bands,
  })
  .refine((input) => input.toMonth === null || input.toMonth >= input.fromMonth, {
    path: ['toMonth'],
    message: 'must not be before fromMonth',
  });
export type CommissionLevelsInput = z.infer<typeof CommissionLevelsInput>;

/** The levels in force for a rep and month: general bands and per-family bands. */
export interface CommissionLevels {
  readonly general: readonly Band[] | null;
  readonly byFamily: Readonly<Record<string, readonly Band[]>>;
}
