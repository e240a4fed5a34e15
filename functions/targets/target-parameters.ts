/** Query parameters of the target read (strict: an unknown one is a 400). */
import * as z from 'zod';
import { Id, Month } from '#core/shared/common-schemas.js';
import { TargetOwnerType } from '#core/targets/target.js';

/** Most months one target read may span: two years, as a target write. */
export const MAX_TARGET_MONTHS = 24;

export const ReadTargetsQuery = z
  .strictObject({ ownerType: TargetOwnerType, ownerId: Id, from: Month, to: Month })
  .refine((query) => query.from <= query.to, { path: ['to'], message: 'must not be before from' })
  .refine((query) => monthSpan(query.from, query.to) <= MAX_TARGET_MONTHS, {
    path: ['to'],
    message: `must be at most ${MAX_TARGET_MONTHS} months after from`,
  });

function monthSpan(from: string, to: string): number {
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
  return index(to) - index(from) + 1;
}
