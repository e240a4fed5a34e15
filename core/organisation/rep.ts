import * as z from 'zod';
import { Id, singleLineText } from '../shared/common-schemas.js';

/** A sales person. `managerId` is another rep; `teamId` places the rep in the team tree. */
export const RepInput = z.strictObject({
  name: singleLineText(200),
  email: z.email().max(254),
  teamId: Id,
  managerId: Id.nullable().default(null),
  active: z.boolean().default(true),
});
export type RepInput = z.infer<typeof RepInput>;

export const Rep = RepInput.extend({
  /** As stored: a name written before the text rules still reads. */
  name: z.string(),
  id: Id,
  version: z.number().int().positive(),
  updatedAt: z.string(),
});
export type Rep = z.infer<typeof Rep>;
