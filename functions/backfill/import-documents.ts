/** The response of the bulk import (backfill), for the OpenAPI document. */
import * as z from 'zod';

const ImportCountsDocument = z.object({
  accepted: z.number().int().nonnegative().meta({ description: 'written by this request' }),
  unchanged: z.number().int().nonnegative().meta({ description: 'already stored identically (a re-import)' }),
  rejected: z.number().int().nonnegative(),
});

export const ImportResultDocument = z
  .object({
    opportunities: ImportCountsDocument,
    history: ImportCountsDocument,
    rejections: z.array(
      z.object({
        source: z.enum(['opportunities', 'history']),
        row: z.number().int().positive().meta({ description: 'the row number sent (the CSV line), else the index + 1' }),
        opportunityId: z.string().optional(),
        field: z.string().optional(),
        reason: z.string(),
      }),
    ),
    snapshotsStaleFrom: z.string().nullable().meta({
      description:
        'the earliest instant written, from which past snapshots are stale: the hourly stale retake takes them again (or POST /pipeline/snapshots now); null when nothing was written',
    }),
  })
  .meta({ id: 'ImportResult' });
