import * as z from 'zod';
import { Id, Probability, singleLineText } from '../shared/common-schemas.js';

export const StageOutcome = z.enum(['open', 'won', 'lost']);
export type StageOutcome = z.infer<typeof StageOutcome>;

export const Stage = z.strictObject({
  id: Id,
  name: singleLineText(100),
  /** Default probability of deals in this stage; a deal may override it. */
  probability: Probability,
  outcome: StageOutcome,
});
export type Stage = z.infer<typeof Stage>;

/** The ordered stage list. Order is the funnel order shown in reports. */
export const StageConfiguration = z.strictObject({ stages: z.array(Stage).min(2).max(50) }).superRefine(({ stages }, ctx) => {
  const seen = new Set<string>();
  stages.forEach((stage, index) => {
    if (seen.has(stage.id)) ctx.addIssue({ code: 'custom', path: ['stages', index, 'id'], message: `duplicate stage id '${stage.id}'` });
    seen.add(stage.id);
  });
  for (const outcome of ['won', 'lost'] as const) {
    if (!stages.some((s) => s.outcome === outcome)) {
      ctx.addIssue({ code: 'custom', path: ['stages'], message: `needs at least one ${outcome} stage` });
    }
  }
  if (!stages.some((s) => s.outcome === 'open'))
    ctx.addIssue({ code: 'custom', path: ['stages'], message: 'needs at least one open stage' });
});
export type StageConfiguration = z.infer<typeof StageConfiguration>;

export const DEFAULT_STAGES: StageConfiguration = {
  stages: [
    { id: 'prospecting', name: 'Prospecting', probability: 10, outcome: 'open' },
    { id: 'investigation', name: 'Investigation', probability: 20, outcome: 'open' },
    { id: 'proposal-made', name: 'Proposal Made', probability: 50, outcome: 'open' },
    { id: 'negotiation', name: 'Negotiation', probability: 75, outcome: 'open' },
    { id: 'closed-won', name: 'Closed Won', probability: 100, outcome: 'won' },
    { id: 'closed-lost', name: 'Closed Lost', probability: 0, outcome: 'lost' },
  ],
};

/** The stage configuration as stored; version 0 stands for the built-in default never written. */
export interface VersionedStageConfiguration extends StageConfiguration {
  readonly version: number;
  readonly updatedAt: string | null;
}
