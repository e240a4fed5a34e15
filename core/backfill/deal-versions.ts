/**
 * The versions of an imported deal, rebuilt from its field history. A CRM export carries
 * no versions: the deal is version 1 at its creation and each distinct instant of change,
 * in order, is the next version. The numbering depends only on the accepted changes, so a
 * re-import gives the same versions and the same field history keys.
 */

import { stagePathOfVersions } from '../linkage/deal-conversion.js';
import type { QualityCounters } from '../linkage/deal-link.js';
import { type QualityVersion, qualityCountersOfVersions } from '../linkage/quality-counters.js';
import type { FieldChange } from '../opportunities/field-history.js';
import type { Opportunity } from '../opportunities/opportunity.js';
import type { Stage, StageOutcome } from '../organisation/stage.js';
import { type AsAtSource, opportunityAsAtEach } from '../pipeline/as-at.js';

/** A change before it is numbered: the field history row as accepted. */
export type UnnumberedChange = Omit<FieldChange, 'version'>;

/** Numbers the changes: version 2 for the earliest instant, and so on; current = 1 + instants. */
export function numberedChanges(changes: readonly UnnumberedChange[]): {
  readonly changes: FieldChange[];
  readonly version: number;
  readonly lastChangedAt: string | undefined;
} {
  const instants = [...new Set(changes.map((change) => change.changedAt))].sort((a, b) => Date.parse(a) - Date.parse(b));
  const versionOf = new Map(instants.map((instant, index) => [instant, index + 2]));
  return {
    changes: changes.map((change) => ({ ...change, version: versionOf.get(change.changedAt) ?? 1 })),
    version: 1 + instants.length,
    lastChangedAt: instants[instants.length - 1],
  };
}

function outcomeOf(stages: readonly Stage[], stageId: string): StageOutcome {
  return stages.find((stage) => stage.id === stageId)?.outcome ?? 'open';
}

/** The stage and close date the deal had at creation: the current ones with every change undone. */
function asCreated(current: AsAtSource, changes: readonly FieldChange[]): { stageId: string; closeDate: string } {
  const created = { stageId: current.stageId, closeDate: current.closeDate };
  const newestFirst = [...changes].sort((a, b) => Date.parse(b.changedAt) - Date.parse(a.changedAt));
  for (const change of newestFirst) {
    if ((change.field === 'stageId' || change.field === 'closeDate') && typeof change.oldValue === 'string')
      created[change.field] = change.oldValue;
  }
  return created;
}

/**
 * The versions the quality counters follow, oldest first: as created, then as at each
 * instant of change (the as-at rebuild the snapshots use, so both agree).
 */
export function dealVersionsOf(current: AsAtSource, changes: readonly FieldChange[], stages: readonly Stage[]): QualityVersion[] {
  const created = asCreated(current, changes);
  const versions: QualityVersion[] = [
    {
      createdAt: current.createdAt,
      updatedAt: current.createdAt,
      stageId: created.stageId,
      closeDate: created.closeDate,
      stageOutcome: outcomeOf(stages, created.stageId),
    },
  ];
  const instants = [...new Set(changes.map((change) => change.changedAt))].sort((a, b) => Date.parse(a) - Date.parse(b));
  const states = opportunityAsAtEach(current, changes, instants);
  for (const instant of instants) {
    const state = states.get(instant);
    if (!state) continue;
    versions.push({
      createdAt: current.createdAt,
      updatedAt: instant,
      stageId: state.stageId,
      closeDate: state.closeDate,
      stageOutcome: outcomeOf(stages, state.stageId),
    });
  }
  return versions;
}

/**
 * The quality counters a deal reached over its imported history (from history, not from
 * zero), and the stages it entered on the way: what the stream would have kept had it seen
 * every version.
 */
export function importedQualityOf(
  current: AsAtSource,
  changes: readonly FieldChange[],
  stages: readonly Stage[],
): NonNullable<Opportunity['importedQuality']> {
  const versions = dealVersionsOf(current, changes, stages);
  const quality = qualityCountersOfVersions(versions) as QualityCounters;
  return { ...quality, stagePath: [...(stagePathOfVersions(versions) ?? [])] };
}
