import * as z from 'zod';
import { Id } from './common.js';

/** A sales person. `managerId` is another rep; `teamId` places the rep in the team tree. */
export const RepInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(254),
  teamId: Id,
  managerId: Id.nullable().default(null),
  active: z.boolean().default(true),
});
export type RepInput = z.infer<typeof RepInput>;

export const Rep = RepInput.extend({
  id: Id,
  version: z.number().int().positive(),
  updatedAt: z.string(),
});
export type Rep = z.infer<typeof Rep>;
