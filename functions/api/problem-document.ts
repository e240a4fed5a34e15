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
      .array(
        z.object({
          field: z
            .string()
            .meta({ description: 'dotted path of a body field (productLines.0.amount), or a parameter or header name (if-match)' }),
          message: z.string(),
        }),
      )
      .meta({ description: 'the offending inputs; empty when no single input is at fault (403, 404, 429, 5xx)' }),
  })
  .meta({ id: 'Problem' });
