/**
 * A rep's month: target record, commission record and the deals linked to it, all
 * computed now from what is stored, so a change of target, levels or stages shows at once.
 *
 * 1. The rep must exist.
 * 2. Read, side by side: the month's partition (record totals, targets, deal links; one
 *    query), the rep's commission levels timeline (one query) and the stage configuration.
 * 3. Take the levels in force in the month and the general (all-families) target.
 * 4. Compute the target record and the commission record (open deals ranked by the
 *    commission each would add).
 */

import type { CommissionLevels } from '../commission/commission-levels.js';
import type { CommissionLevelsRepository } from '../commission/commission-levels-repository.js';
import { levelsInForce } from '../commission/commission-levels-timeline.js';
import { type CommissionRecord, commissionRecordOf } from '../commission/commission-record.js';
import type { DealLink } from '../linkage/deal-link.js';
import { type AccessContext, repNotFound, requireSeeRep } from '../organisation/access-policy.js';
import type { RepRepository } from '../organisation/rep-repository.js';
import type { StageOutcome } from '../organisation/stage.js';
import { stageConfigurationInForce } from '../organisation/stage-configuration.js';
import type { StageConfigurationRepository } from '../organisation/stage-configuration-repository.js';
import type { Target } from '../targets/target.js';
import { type TargetRecord, targetRecordOf } from '../targets/target-record.js';
import type { RepMonthRepository } from './rep-month-repository.js';

export interface LinkedDeal {
  readonly opportunityId: string;
  readonly name: string;
  readonly account: string;
  readonly stageId: string;
  /** The stage's outcome in the configuration now (open for a stage no longer configured). */
  readonly outcome: StageOutcome;
  readonly closeDate: string;
  readonly amount: number;
  /** The deal's override, else its stage's default. */
  readonly probability: number;
  readonly priority: boolean;
}

export interface RepMonthReport {
  readonly repId: string;
  readonly name: string;
  readonly month: string;
  readonly targetRecord: TargetRecord;
  readonly commissionRecord: CommissionRecord;
  readonly levels: CommissionLevels;
  /** Every target of the month: the general one and any per product family. */
  readonly targets: readonly Target[];
  readonly deals: readonly LinkedDeal[];
}

export interface ReadRepMonthPorts {
  readonly reps: RepRepository;
  readonly repMonths: RepMonthRepository;
  readonly levels: CommissionLevelsRepository;
  readonly configurations: StageConfigurationRepository;
}

/** What a rep's month is made of, read side by side once the caller may see the rep (404 when there is none). */
export async function readRepMonthInputs(
  { reps, repMonths, levels, configurations }: ReadRepMonthPorts,
  access: AccessContext,
  repId: string,
  month: string,
) {
  requireSeeRep(access, repId);
  const [rep, contents, entries, stages] = await Promise.all([
    reps.get(repId),
    repMonths.read({ repId, month }),
    levels.entries(repId),
    stageConfigurationInForce(configurations),
  ]);
  if (!rep) throw repNotFound(repId);
  return { rep, contents, entries, stages };
}

export async function readRepMonth(ports: ReadRepMonthPorts, access: AccessContext, repId: string, month: string): Promise<RepMonthReport> {
  const { rep, contents, entries, stages } = await readRepMonthInputs(ports, access, repId, month);
  const levelsThisMonth = levelsInForce(entries, month);
  const target = contents.targets.find((candidate) => candidate.productFamily === null)?.amount ?? null;
  const stageById = new Map(stages.stages.map((stage) => [stage.id, stage]));
  return {
    repId,
    name: rep.name,
    month,
    targetRecord: targetRecordOf(contents.totals, stages, target),
    commissionRecord: commissionRecordOf({ totals: contents.totals, stages, levels: levelsThisMonth, links: contents.links }),
    levels: levelsThisMonth,
    targets: contents.targets,
    deals: [...contents.links].sort(byCloseDate).map((link) => linkedDealOf(link, stageById.get(link.stageId))),
  };
}

function linkedDealOf(link: DealLink, stage: { outcome: StageOutcome; probability: number } | undefined): LinkedDeal {
  return {
    opportunityId: link.opportunityId,
    name: link.name,
    account: link.account,
    stageId: link.stageId,
    outcome: stage?.outcome ?? 'open',
    closeDate: link.closeDate,
    amount: link.amount,
    probability: link.probability ?? stage?.probability ?? 0,
    priority: link.priority,
  };
}

function byCloseDate(a: DealLink, b: DealLink): number {
  return a.closeDate < b.closeDate ? -1 : a.closeDate > b.closeDate ? 1 : a.opportunityId < b.opportunityId ? -1 : 1;
}
