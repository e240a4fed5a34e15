/**
 * Responses of the rep, team, stage and caller routes, for the OpenAPI document. The stage
 * configuration and the caller mirror their core types (checked at the bottom).
 */
import * as z from 'zod';
import type { CallerProfile } from '#core/organisation/read-caller.js';
import { Rep } from '#core/organisation/rep.js';
import { Stage, type VersionedStageConfiguration } from '#core/organisation/stage.js';
import { Team } from '#core/organisation/team.js';
import { ROLES } from '#core/shared/principal.js';
import { pageOf } from '../api/common-documents.js';
import type { SameShape } from '../api/same-shape.js';

export const RepDocument = Rep.meta({ id: 'Rep' });
export const TeamDocument = Team.meta({ id: 'Team' });

export const RepPage = pageOf(RepDocument, 'RepPage');
export const TeamPage = pageOf(TeamDocument, 'TeamPage');

export const StageConfigurationDocument = z
  .object({
    stages: z.array(Stage),
    version: z.number().int().nonnegative().meta({ description: '0 while the default is in force' }),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'StageConfiguration' });

export const CallerDocument = z
  .object({
    rep: z.object({ id: z.string(), name: z.string(), teamId: z.string() }),
    role: z.enum(ROLES),
    company: z.object({ id: z.string(), name: z.string() }).nullable().meta({
      description: "the root team; null unless the caller may see the company's figures (marketing: its leads and conversion metrics)",
    }),
    teams: z.array(z.object({ id: z.string(), name: z.string(), parentTeamId: z.string().nullable() })).meta({
      description:
        'the teams whose figures the caller may see (marketing: whose leads), in tree order (a team before those below it); none for a rep',
    }),
    reps: z
      .array(z.object({ id: z.string(), name: z.string(), teamId: z.string(), active: z.boolean() }))
      .meta({ description: 'the reps the caller may see, team by team in tree order, by name; a rep sees only themself' }),
    now: z.string().meta({ description: "the engine's clock (UTC ISO-8601): what a client's current month follows" }),
  })
  .meta({ id: 'Caller' });

const shapesMatch: [
  SameShape<VersionedStageConfiguration, z.infer<typeof StageConfigurationDocument>>,
  SameShape<CallerProfile, z.infer<typeof CallerDocument>>,
] = [true, true];
void shapesMatch;
