/**
 * Responses of the rep, team and stage routes, for the OpenAPI document. The stage
 * configuration mirrors its core type (checked at the bottom).
 */
import * as z from 'zod';
import { Rep } from '#core/organisation/rep.js';
import { Stage, type VersionedStageConfiguration } from '#core/organisation/stage.js';
import { Team } from '#core/organisation/team.js';
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

const shapeMatches: SameShape<VersionedStageConfiguration, z.infer<typeof StageConfigurationDocument>> = true;
void shapeMatches;
