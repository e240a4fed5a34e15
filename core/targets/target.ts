import * as z from 'zod';
import { AmountMinor, Id, Month, ProductFamily } from '../shared/common-schemas.js';

export const TargetOwnerType = z.enum(['rep', 'team']);
export type TargetOwnerType = z.infer<typeof TargetOwnerType>;

/**
 * Targets for one owner: one month, or a whole year (or any set of months) in one
 * request. The company is the root team.
 */
export const TargetInput = z
  .strictObject({
    ownerType: TargetOwnerType,
    ownerId: Id,
    productFamily: ProductFamily.nullable().default(null),
    amounts: z.record(Month, AmountMinor),
  })
  .superRefine((input, ctx) => {
    const count = Object.keys(input.amounts).length;
    if (count === 0 || count > 24) ctx.addIssue({ code: 'custom', path: ['amounts'], message: 'must hold 1 to 24 months' });
  });
export type TargetInput = z.infer<typeof TargetInput>;

/** One stored target: owner, month, optional product family, amount. */
export const Target = z.object({
  ownerType: TargetOwnerType,
  ownerId: Id,
  month: Month,
  productFamily: ProductFamily.nullable(),
  amount: AmountMinor,
});
export type Target = z.infer<typeof Target>;
