/** The response of the lead import, for the OpenAPI document. */
import * as z from 'zod';

export const ImportLeadsResultDocument = z
  .object({
    leads: z.object({
      accepted: z.number().int().nonnegative().meta({ description: 'written by this request' }),
      unchanged: z.number().int().nonnegative().meta({ description: 'already stored identically (a re-import)' }),
      rejected: z.number().int().nonnegative(),
    }),
    rejections: z.array(
      z.object({
        row: z.number().int().positive().meta({ description: 'the row number sent (the CSV line), else the index + 1' }),
        leadId: z.string().optional(),
        field: z.string().optional(),
        reason: z.string(),
      }),
    ),
  })
  .meta({ id: 'ImportLeadsResult' });
