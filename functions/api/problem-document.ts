/** The RFC 9457 problem every error answers with, for the OpenAPI document. */
import * as z from 'zod';

export const ProblemDocument = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    errors: z
      .array(z.object({ field: z.string().meta({ description: 'dotted path, e.g. productLines.0.amount' }), message: z.string() }))
      .optional(),
  })
  .meta({ id: 'Problem' });
