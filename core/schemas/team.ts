import * as z from 'zod';
import { Id } from './common.js';

/** A node of the team tree; the one team without a parent is the company. */
export const TeamInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  parentTeamId: Id.nullable().default(null),
  /** The rep who manages this team (a manager sees it and everything below it), beside any manager placed in it. */
  managerId: Id.nullable().default(null),
});
export type TeamInput = z.infer<typeof TeamInput>;

export const Team = TeamInput.extend({
  id: Id,
  version: z.number().int().positive(),
  updatedAt: z.string(),
});
export type Team = z.infer<typeof Team>;
