import * as z from 'zod';
import { Id, singleLineText } from '../shared/common-schemas.js';

/** A node of the team tree; the one team without a parent is the company. */
export const TeamInput = z.strictObject({
  name: singleLineText(200),
  parentTeamId: Id.nullable().default(null),
  /** The rep who manages this team (a manager sees it and everything below it), beside any manager placed in it. */
  managerId: Id.nullable().default(null),
});
export type TeamInput = z.infer<typeof TeamInput>;

export const Team = TeamInput.extend({
  /** As stored: a name written before the text rules still reads. */
  name: z.string(),
  id: Id,
  version: z.number().int().positive(),
  updatedAt: z.string(),
});
export type Team = z.infer<typeof Team>;
