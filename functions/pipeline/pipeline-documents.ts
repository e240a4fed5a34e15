/**
 * Requests and responses of the pipeline trend routes: time travel, the monthly and weekly
 * series, the movement between two dates, and taking snapshots on demand.
 */
import * as z from 'zod';
import type { PipelineAsAt } from '#core/pipeline/pipeline-as-at.js';
import { JOINING_MOVEMENTS, LEAVING_MOVEMENTS, MOVEMENTS_IN, MOVEMENTS_OUT, STAYING_MOVEMENTS } from '#core/pipeline/pipeline-movement.js';
import type { PipelineSnapshot } from '#core/pipeline/pipeline-snapshot.js';
import type { PipelineChangeReport } from '#core/pipeline/read-pipeline-change.js';
import type { PipelineTrend } from '#core/pipeline/read-pipeline-trend.js';
import { MAX_TREND_POINTS } from '#core/pipeline/read-pipeline-trend.js';
import { SNAPSHOT_SERIES } from '#core/pipeline/snapshot-instants.js';
import type { SnapshotRun } from '#core/pipeline/take-pipeline-snapshots.js';
import { CalendarDate, Id, Instant, Month } from '#core/shared/common-schemas.js';
import { SkippedItemsDocument } from '../api/common-documents.js';
import type { SameShape } from '../api/same-shape.js';

const Amount = z.number().int().meta({ description: 'minor units (cents)' });

/** A point in time: an instant, or a date (its 00:00 UTC). */
export const PointInTime = z.union([Instant, CalendarDate]).meta({ description: 'UTC instant or date (00:00 UTC)', example: '2026-11-01' });

const scopeParameters = {
  teamId: Id.optional().meta({ description: 'the team and every team below it' }),
  repId: Id.optional().meta({ description: 'one rep, as the owner of the deals at each instant' }),
};
const oneScope = { path: ['teamId'], message: 'give repId or teamId, not both' };

export const PipelineAsAtQuery = z
  .strictObject({ at: PointInTime.meta({ description: 'the instant to rebuild the pipeline at' }), ...scopeParameters })
  .refine((query) => query.repId === undefined || query.teamId === undefined, oneScope);

export const PipelineTrendQuery = z
  .strictObject({
    series: z
      .enum(SNAPSHOT_SERIES)
      .default('monthly')
      .meta({ description: "'monthly' (as at the 1st, long-term) or 'weekly' (as at Mondays, short-term)" }),
    last: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_TREND_POINTS)
      .optional()
      .meta({ description: 'the last N instants; default 12 months or 6 weeks' }),
    from: CalendarDate.optional().meta({ description: 'first date of a range (instead of last)' }),
    to: CalendarDate.optional().meta({ description: 'last date of the range; defaults to today' }),
    ...scopeParameters,
  })
  .refine((query) => query.repId === undefined || query.teamId === undefined, oneScope)
  .refine((query) => query.from === undefined || query.last === undefined, { path: ['last'], message: 'give last or from, not both' })
  .refine((query) => query.to === undefined || query.from !== undefined, { path: ['from'], message: 'is required with to' })
  .refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, {
    path: ['to'],
    message: 'must not be before from',
  });

export const PipelineChangeQuery = z
  .strictObject({
    from: PointInTime.meta({ description: 'the earlier instant' }),
    to: PointInTime.optional().meta({ description: 'the later instant; defaults to now' }),
    closeFrom: Month.optional().meta({ description: 'only deals closing in or after this month count as pipeline' }),
    closeTo: Month.optional().meta({ description: 'only deals closing in or before this month count as pipeline' }),
    deals: z.enum(['true', 'false']).default('false').meta({ description: "'true' also lists each deal's movement" }),
    ...scopeParameters,
  })
  .refine((query) => query.repId === undefined || query.teamId === undefined, oneScope)
  .refine((query) => query.closeFrom === undefined || query.closeTo === undefined || query.closeFrom <= query.closeTo, {
    path: ['closeTo'],
    message: 'must not be before closeFrom',
  });

export const TakeSnapshotsBody = z
  .strictObject({
    date: CalendarDate.optional().meta({ description: 'take the snapshot as at 00:00 UTC of this date' }),
    from: CalendarDate.optional().meta({ description: 'take every monthly and weekly snapshot from this date' }),
    to: CalendarDate.optional().meta({ description: 'until this date; defaults to today' }),
  })
  .refine((body) => (body.date === undefined) !== (body.from === undefined), { path: ['date'], message: 'give date, or from (and to)' })
  .refine((body) => body.to === undefined || body.from !== undefined, { path: ['from'], message: 'is required with to' })
  .refine((body) => body.from === undefined || body.to === undefined || body.from <= body.to, {
    path: ['to'],
    message: 'must not be before from',
  });

const Figures = { amount: Amount, expectedRevenue: Amount, count: z.number().int() };

export const PipelineSnapshotDocument = z
  .object({
    asAt: z.string(),
    total: z.object(Figures),
    byStage: z.array(
      z.object({ stageId: z.string(), name: z.string(), probability: z.number().int(), configured: z.boolean(), ...Figures }),
    ),
    byOwner: z.array(z.object({ ownerId: z.string(), ...Figures })),
    byTeam: z.array(z.object({ teamId: z.string().meta({ description: "'' for owners in no known team" }), ...Figures })),
    byCloseMonth: z.array(z.object({ month: z.string(), ...Figures })),
  })
  .meta({ id: 'PipelineSnapshot' });

/** Time travel: a snapshot, and the invalid stored items the rebuild left out. */
export const PipelineAsAtDocument = PipelineSnapshotDocument.extend({ skipped: SkippedItemsDocument.optional() }).meta({
  id: 'PipelineAsAt',
});

const Scope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('company') }),
  z.object({ kind: z.literal('team'), teamId: z.string() }),
  z.object({ kind: z.literal('rep'), repId: z.string() }),
]);

const Delta = {
  amountFrom: Amount,
  amountTo: Amount,
  amountDelta: Amount,
  countFrom: z.number().int(),
  countTo: z.number().int(),
  countDelta: z.number().int(),
  direction: z.enum(['grown', 'shrunk', 'unchanged']),
};

export const PipelineTrendDocument = z
  .object({
    scope: Scope,
    series: z.enum(SNAPSHOT_SERIES),
    points: z.array(
      z.object({
        asAt: z.string(),
        taken: z.boolean().meta({ description: 'false: no snapshot yet for this instant' }),
        snapshot: PipelineSnapshotDocument.nullable(),
      }),
    ),
    changes: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        total: z.object(Delta),
        byStage: z.array(z.object({ stageId: z.string(), name: z.string(), ...Delta })),
      }),
    ),
  })
  .meta({ id: 'PipelineTrend' });

const MovementFigures = z.object({
  amount: Amount.meta({ description: 'minor units, never negative: the term says the side' }),
  count: z.number().int(),
});
const movementTerms = Object.fromEntries([...MOVEMENTS_IN, ...MOVEMENTS_OUT].map((term) => [term, MovementFigures])) as Record<
  (typeof MOVEMENTS_IN)[number] | (typeof MOVEMENTS_OUT)[number],
  typeof MovementFigures
>;
const MovementRow = {
  ...movementTerms,
  opening: MovementFigures,
  closing: MovementFigures,
  slipped: MovementFigures.meta({ description: 'informational: in the pipeline at both instants, close month moved later' }),
  pulledForward: MovementFigures.meta({ description: 'informational: in the pipeline at both instants, close month moved earlier' }),
  direction: z.enum(['grown', 'shrunk', 'unchanged']),
};

export const PipelineChangeDocument = z
  .object({
    scope: Scope,
    from: z.string(),
    to: z.string(),
    closeWindow: z.object({ fromMonth: z.string().optional(), toMonth: z.string().optional() }).nullable(),
    total: z.object(MovementRow),
    byStage: z.array(z.object({ stageId: z.string(), name: z.string(), configured: z.boolean(), ...MovementRow })),
    deals: z
      .array(
        z.object({
          opportunityId: z.string(),
          movement: z.enum([...STAYING_MOVEMENTS, ...LEAVING_MOVEMENTS, ...JOINING_MOVEMENTS]),
          stageFrom: z.string().nullable(),
          stageTo: z.string().nullable(),
          amountFrom: Amount.nullable(),
          amountTo: Amount.nullable(),
          closeMonthFrom: z.string().nullable(),
          closeMonthTo: z.string().nullable(),
          closeMonthShift: z.enum(['slipped', 'pulledForward']).nullable(),
        }),
      )
      .optional(),
    skipped: SkippedItemsDocument.optional(),
  })
  .meta({ id: 'PipelineChange' });

export const SnapshotRunDocument = z
  .object({
    snapshots: z.array(
      z.object({
        asAt: z.string(),
        outcome: z.enum(['created', 'revised', 'unchanged']),
        scopesWritten: z.number().int(),
        scopesDeleted: z.number().int(),
        openDeals: z.number().int(),
      }),
    ),
    skipped: SkippedItemsDocument.optional(),
  })
  .meta({ id: 'SnapshotRun' });

const shapesMatch: [
  SameShape<PipelineSnapshot, z.infer<typeof PipelineSnapshotDocument>>,
  SameShape<PipelineTrend, z.infer<typeof PipelineTrendDocument>>,
  SameShape<SnapshotRun, z.infer<typeof SnapshotRunDocument>>,
  SameShape<PipelineAsAt, z.infer<typeof PipelineAsAtDocument>>,
  SameShape<PipelineChangeReport, z.infer<typeof PipelineChangeDocument>>,
] = [true, true, true, true, true];
void shapesMatch;
