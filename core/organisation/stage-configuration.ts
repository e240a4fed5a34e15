/**
 * The stage configuration: read (the default until one is written) and replace.
 *
 * Replace:
 * 1. Read the configuration in force (stored, else the default at version 0).
 * 2. Find the stages the new one removes; if a live opportunity still uses one, refuse
 *    with ConflictError (the check is a scan: removing stages is a rare admin operation).
 * 3. An identical configuration writes nothing; otherwise write version + 1, conditioned
 *    on the version read, with its audit entry (before: null while the default was in force).
 * A deal moved into a removed stage between steps 2 and 3 is still reported correctly:
 * read-time figures treat a stage missing from the configuration as open at 0 %.
 */

import { auditEntryOf, auditSubjects } from '../shared/audit-entry.js';
import type { Clock } from '../shared/clock.js';
import { ConflictError } from '../shared/errors.js';
import type { WriteResult } from '../shared/write-outcome.js';
import { type AccessContext, requireAdmin } from './access-policy.js';
import { DEFAULT_STAGES, type Stage, type StageConfiguration, type VersionedStageConfiguration } from './stage.js';
import type { StageConfigurationRepository } from './stage-configuration-repository.js';

export async function stageConfigurationInForce(configurations: StageConfigurationRepository): Promise<VersionedStageConfiguration> {
  return (await configurations.get()) ?? { ...DEFAULT_STAGES, version: 0, updatedAt: null };
}

/** Whether live deals are in stages: the opportunities answer it (their repository implements this). */
export interface StageUsage {
  /** One live opportunity in one of the stages, or undefined when none is. */
  findOneInStages(stageIds: readonly string[]): Promise<{ readonly id: string; readonly stageId: string } | undefined>;
}

export interface PutStageConfigurationPorts {
  readonly configurations: StageConfigurationRepository;
  readonly opportunities: StageUsage;
  readonly clock: Clock;
}

export async function putStageConfiguration(
  { configurations, opportunities, clock }: PutStageConfigurationPorts,
  access: AccessContext,
  input: StageConfiguration,
): Promise<WriteResult<VersionedStageConfiguration>> {
  requireAdmin(access, 'change the stage configuration');
  const current = await stageConfigurationInForce(configurations);
  const kept = new Set(input.stages.map((stage) => stage.id));
  const removed = current.stages.map((stage) => stage.id).filter((stageId) => !kept.has(stageId));
  const inUse = await opportunities.findOneInStages(removed);
  if (inUse) {
    throw new ConflictError(
      `stage '${inUse.stageId}' cannot be removed: opportunity '${inUse.id}' (and possibly others) is in it; move those deals first`,
    );
  }

  if (sameStages(current.stages, input.stages)) return { outcome: 'unchanged', record: current };
  const now = clock.now();
  const next: VersionedStageConfiguration = { stages: input.stages, version: current.version + 1, updatedAt: now.toISOString() };
  const before = current.version === 0 ? null : current;
  await configurations.save(
    next,
    current.version,
    auditEntryOf({ actor: access.principal, at: now, subject: auditSubjects.stageConfiguration(), before, after: next }),
  );
  return { outcome: current.version === 0 ? 'created' : 'updated', record: next };
}

function sameStages(a: readonly Stage[], b: readonly Stage[]): boolean {
  return (
    a.length === b.length &&
    a.every((stage, index) => {
      const other = b[index];
      return (
        !!other &&
        stage.id === other.id &&
        stage.name === other.name &&
        stage.probability === other.probability &&
        stage.outcome === other.outcome
      );
    })
  );
}
