/**
 * Responses of the target routes, and the target record the reports answer with, for the
 * OpenAPI document. The record mirrors its core type (checked at the bottom).
 */
import * as z from 'zod';
import { StageOutcome } from '#core/organisation/stage.js';
import { Target } from '#core/targets/target.js';
import type { TargetRecord } from '#core/targets/target-record.js';
import { Amount, ratio } from '../api/common-documents.js';
import type { SameShape } from '../api/same-shape.js';

export const TargetDocument = Target.meta({ id: 'Target' });

export const TargetListDocument = z.object({ targets: z.array(TargetDocument) }).meta({ id: 'TargetList' });

const StagePipelineDocument = z.object({
  stageId: z.string(),
  name: z.string(),
  outcome: StageOutcome,
  probability: z.number().int(),
  amount: Amount,
  count: z.number().int(),
  configured: z.boolean(),
});

export const TargetRecordDocument = z
  .object({
    target: Amount.nullable(),
    closedWon: Amount,
    pipeline: Amount,
    expectedRevenue: Amount,
    shortfall: Amount.nullable(),
    over: Amount.nullable(),
    attainment: ratio('closed won / target, rounded to 4 decimals; null without a non-zero target', 0.8125).nullable(),
    coverage: ratio('(closed won + expected revenue) / target, rounded to 4 decimals; null without a non-zero target', 1.35).nullable(),
    enoughPipeline: z.boolean().nullable(),
    gauge: z.object({ status: z.enum(['red', 'amber', 'green']).nullable(), amberFrom: Amount.nullable(), greenFrom: Amount.nullable() }),
    pipelineByStage: z.array(StagePipelineDocument),
  })
  .meta({ id: 'TargetRecord' });

const shapeMatches: SameShape<TargetRecord, z.infer<typeof TargetRecordDocument>> = true;
void shapeMatches;
