/**
 * Pieces the response schemas of several features share: money, ratios, pages and skipped
 * items. Each feature's responses sit beside its routes (functions/<feature>/*-documents.ts).
 */
import * as z from 'zod';

export const Amount = z.number().int().meta({ description: 'minor units (cents)' });
/**
 * A ratio, where commission bands use a percentage (ratePercent): said in each field's
 * description, since the names cannot change without breaking clients.
 */
export function ratio(meaning: string, example: number) {
  return z
    .number()
    .meta({ description: `a ratio (1 = 100 %): ${meaning}; ${example} is ${Math.round(example * 10_000) / 100} %`, examples: [example] });
}

export function pageOf<S extends z.ZodType>(item: S, id: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().meta({ description: 'pass as cursor for the next page; null on the last' }),
    })
    .meta({ id });
}

/** Stored items an answer over many left out because they fail their schema (core/shared/skipped-item.ts). */
export const SkippedItemsDocument = z
  .array(
    z.object({
      kind: z
        .string()
        .meta({ description: "what the item is: 'opportunity', 'field history', 'deal link', 'rep', 'team', 'stage configuration'" }),
      id: z.string().meta({ description: "the record's id; an opportunity is mended by PUT (replace) or DELETE" }),
      reason: z.string().meta({ description: 'the offending fields and why' }),
    }),
  )
  .meta({
    id: 'SkippedItems',
    description: 'present only when invalid stored items were left out of the answer; each is also logged as a warning',
  });
