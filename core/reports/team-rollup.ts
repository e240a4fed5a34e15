import type { CommissionLevels } from '../commission/commission-levels.js';
import { type CommissionSummary, commissionSummaryOf } from '../commission/commission-record.js';
import { addTotals, type RepMonthTotals } from '../linkage/rep-month-totals.js';
import type { StageConfiguration } from '../organisation/stage.js';
import type { TeamTree } from '../organisation/team-tree.js';
import { NotFoundError } from '../shared/errors.js';
import { type TargetRecord, targetRecordOf } from '../targets/target-record.js';

/** Key of per-rep-month lookups, for callers that feed the roll-up from maps. */
export function repMonthKey(repId: string, month: string): string {
  return `${repId}|${month}`;
}

/**
 * Where a roll-up reads its figures, as lookups so that the caller decides how to read
 * them (one Query per rep-month, a batch, a cache). Missing figures: empty totals, null
 * target, null levels.
 */
export interface RepLookups {
  readonly stages: StageConfiguration;
  readonly repTotals: (repId: string, month: string) => RepMonthTotals;
  /** The rep's all-family target (productFamily null) for the month, if set. */
  readonly repTarget: (repId: string, month: string) => number | null;
  readonly repLevels: (repId: string, month: string) => CommissionLevels | null;
}

export interface RollupLookups extends RepLookups {
  /** The team's own all-family target for the month, if set explicitly. */
  readonly teamTarget: (teamId: string, month: string) => number | null;
}

/** What a team report needs: the tree, the team, the months and the lookups. */
export interface TeamRollupInput extends RollupLookups {
  readonly tree: TeamTree;
  readonly teamId: string;
  readonly months: readonly string[];
}

export interface RollupFigures {
  readonly targetRecord: TargetRecord;
  readonly commission: CommissionSummary;
}

export interface MemberReport extends RollupFigures {
  readonly kind: 'rep' | 'team';
  readonly id: string;
  readonly name: string;
}

export interface TeamPeriodReport extends RollupFigures {
  readonly teamId: string;
  readonly name: string;
  readonly months: readonly string[];
  /** One level of drill-down: child teams, then the reps placed directly in the team. */
  readonly members: readonly MemberReport[];
}

interface Accumulated {
  totals: RepMonthTotals;
  target: number | null;
  commission: CommissionSummary;
}

const NO_COMMISSION: CommissionSummary = { earned: 0, pipelineCommission: 0, totalPotential: 0 };

/** Sum of the figures that are set; null when none is. */
function sumOfSet(values: Iterable<number | null>): number | null {
  let sum: number | null = null;
  for (const value of values) if (value !== null) sum = (sum ?? 0) + value;
  return sum;
}

function addCommission(a: CommissionSummary, b: CommissionSummary): CommissionSummary {
  return {
    earned: a.earned + b.earned,
    pipelineCommission: a.pipelineCommission + b.pipelineCommission,
    totalPotential: a.totalPotential + b.totalPotential,
  };
}

function combine(parts: readonly Accumulated[]): Accumulated {
  return {
    totals: parts.reduce((sum, part) => addTotals(sum, part.totals), {} as RepMonthTotals),
    target: sumOfSet(parts.map((part) => part.target)),
    commission: parts.reduce((sum, part) => addCommission(sum, part.commission), NO_COMMISSION),
  };
}

/** A rep's months, each month's commission computed with that month's levels, then added up as money. */
function accumulateRep(lookups: RepLookups, repId: string, months: readonly string[]): Accumulated {
  return combine(
    months.map((month) => {
      const totals = lookups.repTotals(repId, month);
      return {
        totals,
        target: lookups.repTarget(repId, month),
        commission: commissionSummaryOf(totals, lookups.stages, lookups.repLevels(repId, month)),
      };
    }),
  );
}

function figuresOf(figures: Accumulated, stages: StageConfiguration): RollupFigures {
  return { targetRecord: targetRecordOf(figures.totals, stages, figures.target), commission: figures.commission };
}

/**
 * A rep's figures for a period, exactly as the rep counts in a team's: totals summed, the
 * target the sum of the months' targets that are set, commission per month then summed.
 */
export function rollUpRep(lookups: RepLookups, repId: string, months: readonly string[]): RollupFigures {
  return figuresOf(accumulateRep(lookups, repId, months), lookups.stages);
}

/**
 * A team's figures for a period, computed at read time from its reps' months. Totals are
 * linear and are summed; commission is monthly and per rep, so it is summed as money and
 * never recomputed from summed revenue. A team's target for a month is its own where set,
 * else the sum of its reps' and child teams' (resolved the same way); a period's target
 * is the sum of its months' targets that are set. Membership is today's tree.
 */
export function rollUpTeam(input: TeamRollupInput): TeamPeriodReport {
  const { tree, teamId, months, stages } = input;
  const team = tree.team(teamId);
  if (!team) throw new NotFoundError(`team '${teamId}' not found`);

  const repCache = new Map<string, Accumulated>();
  const repFigures = (repId: string): Accumulated => {
    let figures = repCache.get(repId);
    if (!figures) {
      figures = accumulateRep(input, repId, months);
      repCache.set(repId, figures);
    }
    return figures;
  };

  const teamCache = new Map<string, { figures: Accumulated; targetByMonth: ReadonlyMap<string, number | null> }>();
  const teamFigures = (id: string): { figures: Accumulated; targetByMonth: ReadonlyMap<string, number | null> } => {
    const cached = teamCache.get(id);
    if (cached) return cached;
    const reps = tree.membersOf(id).map((rep) => rep.id);
    const children = tree.children(id).map((child) => teamFigures(child.id));
    // Month by month: a team target set for January says nothing about February.
    const targetByMonth = new Map(
      months.map((month) => {
        const fallback = () =>
          sumOfSet([
            ...reps.map((repId) => input.repTarget(repId, month)),
            ...children.map((child) => child.targetByMonth.get(month) ?? null),
          ]);
        return [month, input.teamTarget(id, month) ?? fallback()] as const;
      }),
    );
    const summed = combine([...reps.map(repFigures), ...children.map((child) => child.figures)]);
    const result = { figures: { ...summed, target: sumOfSet(targetByMonth.values()) }, targetByMonth };
    teamCache.set(id, result);
    return result;
  };

  const report = (figures: Accumulated): RollupFigures => figuresOf(figures, stages);

  const members: MemberReport[] = [
    ...tree
      .children(teamId)
      .map((child) => ({ kind: 'team' as const, id: child.id, name: child.name, ...report(teamFigures(child.id).figures) })),
    ...tree.membersOf(teamId).map((rep) => ({ kind: 'rep' as const, id: rep.id, name: rep.name, ...report(repFigures(rep.id)) })),
  ];
  return { teamId, name: team.name, months: [...months], ...report(teamFigures(teamId).figures), members };
}
