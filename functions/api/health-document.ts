/** The answer of GET /health, for the OpenAPI document. */
import * as z from 'zod';

export const HealthDocument = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
