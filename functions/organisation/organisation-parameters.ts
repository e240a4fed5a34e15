/** Path and query parameters of the rep and team routes (strict: an unknown one is a 400). */
import * as z from 'zod';
import { Id } from '#core/shared/common-schemas.js';
import { pageParameters } from '../api/common-parameters.js';

export const RepIdParams = z.strictObject({ repId: Id });
export const TeamIdParams = z.strictObject({ teamId: Id });

export const ListRepsQuery = z.strictObject({
  teamId: Id.optional().meta({ description: 'only the reps placed directly in this team' }),
  ...pageParameters,
});
export const ListTeamsQuery = z.strictObject(pageParameters);
