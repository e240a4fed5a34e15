/**
 * Time travel: a scope's open pipeline as it stood at any past instant, rebuilt from the
 * field history, in the shape of a snapshot (and equal to the snapshot of that instant).
 *
 * 1. Refuse an instant in the future; check the scope exists.
 * 2. Read the deals at the instant: from the nearest usable checkpoint and the change log
 *    (history-at.ts), else the history since the instant, waiting (RetryLaterError) while
 *    the stream has not recorded the changes of a deal written after it.
 * 3. Rebuild the scope at the instant; stored items the rebuild could not read are left
 *    out and listed in `skipped`.
 */
import type { AccessContext } from '../organisation/access-policy.js';
import type { Scope } from '../organisation/scope.js';
import type { Clock } from '../shared/clock.js';
import { ValidationError } from '../shared/errors.js';
import { instantText } from '../shared/instant.js';
import { type SkippedItem, skippedField } from '../shared/skipped-item.js';
import { type HistoryAtPorts, readHistoryAt } from './history-at.js';
import { scopeSnapshotAt } from './pipeline-rebuild.js';
import { requireScope, type ScopePorts } from './pipeline-scope.js';
import type { PipelineSnapshot } from './pipeline-snapshot.js';

export interface PipelineAsAtPorts extends ScopePorts, HistoryAtPorts {
  readonly clock: Clock;
}

/** The pipeline at the instant; `skipped` only when invalid stored items were left out. */
export type PipelineAsAt = PipelineSnapshot & { readonly skipped?: readonly SkippedItem[] };

export async function pipelineAsAt(ports: PipelineAsAtPorts, access: AccessContext, scope: Scope, at: Date): Promise<PipelineAsAt> {
  const instant = instantText(at);
  if (at.getTime() > ports.clock.now().getTime())
    throw new ValidationError(`at ${instant} is in the future`, [{ field: 'at', message: 'must not be in the future' }]);
  await requireScope(ports, access, scope);
  const { history } = await readHistoryAt(ports, [instant]);
  return { ...scopeSnapshotAt(history, scope, instant), ...skippedField(history.skipped ?? []) };
}
