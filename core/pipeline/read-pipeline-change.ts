/**
 * The change of a scope's open pipeline between two instants, per stage: what was new,
 * won, lost, removed, grew, shrank, moved between stages, slipped out of or was pulled
 * into the close window, or changed hands; rebuilt from the field history at both ends.
 *
 * 1. Check the instants (from before to, neither in the future) and the scope.
 * 2. Read the deals at both instants: from the nearest usable checkpoint and the change
 *    log (history-at.ts), else the history since `from`, waiting (RetryLaterError) while
 *    the stream has not recorded the changes of a deal written after it.
 * 3. Rebuild every deal at both instants, with the stages and teams in force then.
 * 4. Classify each deal's movement and sum the movements per stage; stored items the
 *    rebuild could not read are left out and listed in `skipped`.
 */
import type { AccessContext } from '../organisation/access-policy.js';
import type { Scope } from '../organisation/scope.js';
import type { Clock } from '../shared/clock.js';
import { invalidField, ValidationError } from '../shared/errors.js';
import { instantText } from '../shared/instant.js';
import { type SkippedItem, skippedField } from '../shared/skipped-item.js';
import { type HistoryAtPorts, readHistoryAt } from './history-at.js';
import { type CloseWindow, type DealMovement, dealMovementsOf, type PipelineMovement, pipelineMovementOf } from './pipeline-movement.js';
import { dealStatesAt, isInScope, stagesInForceAt } from './pipeline-rebuild.js';
import { requireScope, type ScopePorts } from './pipeline-scope.js';

export interface PipelineChangePorts extends ScopePorts, HistoryAtPorts {
  readonly clock: Clock;
}

export interface PipelineChangeRequest {
  readonly scope: Scope;
  readonly from: Date;
  readonly to: Date;
  readonly closeWindow?: CloseWindow;
  /** Also list each deal's movement (which deals slipped, were won, ...). */
  readonly withDeals?: boolean;
}

export interface PipelineChangeReport extends PipelineMovement {
  readonly scope: Scope;
  /** Every deal in the scope's pipeline at either instant, when asked for. */
  readonly deals?: readonly DealMovement[];
  /** Invalid stored items left out, when there are any. */
  readonly skipped?: readonly SkippedItem[];
}

export async function readPipelineChange(
  ports: PipelineChangePorts,
  access: AccessContext,
  request: PipelineChangeRequest,
): Promise<PipelineChangeReport> {
  const { scope, closeWindow, withDeals = false } = request;
  const from = instantText(request.from);
  const to = instantText(request.to);
  if (request.from.getTime() >= request.to.getTime()) throw invalidField('to', 'must be after from');
  if (request.to.getTime() > ports.clock.now().getTime())
    throw new ValidationError(`to ${to} is in the future`, [{ field: 'to', message: 'must not be in the future' }]);
  await requireScope(ports, access, scope);

  const { history } = await readHistoryAt(ports, [from, to]);
  const states = dealStatesAt(history, [from, to]);
  const input = {
    from,
    to,
    statesFrom: states.get(from) ?? new Map(),
    statesTo: states.get(to) ?? new Map(),
    inScope: isInScope(history.teams, scope),
    ...(closeWindow ? { closeWindow } : {}),
    stagesFrom: stagesInForceAt(history.stageVersions, from),
    stagesTo: stagesInForceAt(history.stageVersions, to),
  };
  return {
    scope,
    ...pipelineMovementOf(input),
    ...(withDeals ? { deals: dealMovementsOf(input) } : {}),
    ...skippedField(history.skipped ?? []),
  };
}
