/**
 * The conversion metrics: pure definitions over the counters of the conversion cells
 * (counter-keys.ts), summed over the cells of a range of months and a scope of reps and
 * grouped by month, source, campaign, team or rep. docs/leads-and-campaigns.md defines
 * each with worked examples; test/conversion/conversion-metrics.test.ts holds the same.
 *
 * Rounding: ratios to 4 decimals, average days to one decimal, average amounts to whole
 * minor units, each half away from zero through `roundDiv` (the project's one rule). A
 * figure whose denominator is zero is null, never 0 or infinity.
 */
import type { Campaign, CampaignType } from '../campaigns/campaign.js';
import { LEAD_STATUSES, type LeadStatus } from '../leads/lead.js';
import type { LeadSource } from '../organisation/settings.js';
import type { Stage, StageOutcome } from '../organisation/stage.js';
import { byCodeUnit } from '../shared/code-unit-order.js';
import type { Counters } from '../shared/counters.js';
import { getOrCreate } from '../shared/maps.js';
import { roundDiv } from '../shared/money.js';
import type { ConversionCell } from './conversion-cell-repository.js';
import { parseCounterKey } from './counter-keys.js';

const SECONDS_PER_DAY = 86_400n;

/** numerator ÷ denominator as a ratio (1 = 100 %), to 4 decimals; null when the denominator is not positive. */
export function ratioOf(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return Number(roundDiv(BigInt(numerator) * 10_000n, BigInt(denominator))) / 10_000;
}

/** seconds ÷ count ÷ 86,400, in days to one decimal; null when count is 0. */
export function averageDaysOf(seconds: number, count: number): number | null {
  if (count <= 0) return null;
  return Number(roundDiv(BigInt(seconds) * 10n, BigInt(count) * SECONDS_PER_DAY)) / 10;
}

/** amount ÷ count in whole minor units; null when count is 0. */
export function averageAmountOf(amount: number, count: number): number | null {
  if (count <= 0) return null;
  return Number(roundDiv(BigInt(amount), BigInt(count)));
}

// ---- leads -------------------------------------------------------------------------------

/** The lead counters of a group of cells, summed (counter-keys.ts says what each counts). */
export interface LeadCounts {
  /** Leads created in the range. */
  readonly created: number;
  /** Of those, converted (whenever: up to now). */
  readonly converted: number;
  /** Of those, seconds from creation to conversion, summed. */
  readonly convertSeconds: number;
  /** Conversions dated in the range (of leads created whenever). */
  readonly convertedInMonth: number;
  /** Of the leads created in the range, how many are in each status now. */
  readonly byStatus: Readonly<Partial<Record<LeadStatus, number>>>;
}

export interface LeadFigures {
  readonly created: number;
  readonly converted: number;
  /** converted ÷ created; null when none was created. */
  readonly conversionRate: number | null;
  /** convertSeconds ÷ converted ÷ 86,400, one decimal; null when none converted. */
  readonly averageDaysToConvert: number | null;
  readonly convertedInMonth: number;
  readonly byStatus: Readonly<Record<LeadStatus, number>>;
}

export function leadFiguresOf(counts: LeadCounts): LeadFigures {
  return {
    created: counts.created,
    converted: counts.converted,
    conversionRate: ratioOf(counts.converted, counts.created),
    averageDaysToConvert: averageDaysOf(counts.convertSeconds, counts.converted),
    convertedInMonth: counts.convertedInMonth,
    byStatus: Object.fromEntries(LEAD_STATUSES.map((status) => [status, counts.byStatus[status] ?? 0])) as Record<LeadStatus, number>,
  };
}

function leadCountsOf(sums: Counters): LeadCounts {
  const n = (name: string) => sums[name] ?? 0;
  return {
    created: n('created'),
    converted: n('converted'),
    convertSeconds: n('convertSeconds'),
    convertedInMonth: n('convertedInMonth'),
    byStatus: Object.fromEntries(LEAD_STATUSES.map((status) => [status, n(`status.${status}`)])),
  };
}

// ---- opportunities -----------------------------------------------------------------------

/** The deal counters of a group of cells for one origin, summed: deals created in the range. */
export interface DealCounts {
  readonly count: number;
  readonly open: number;
  readonly openAmount: number;
  readonly won: number;
  readonly wonAmount: number;
  readonly lost: number;
  /** Seconds from creation to close of the won and lost deals, summed. */
  readonly closeSeconds: number;
}

export const NO_DEALS: DealCounts = { count: 0, open: 0, openAmount: 0, won: 0, wonAmount: 0, lost: 0, closeSeconds: 0 };

export interface DealFigures {
  readonly count: number;
  readonly won: number;
  readonly lost: number;
  /** won ÷ (won + lost); null when none closed. */
  readonly winRate: number | null;
  /** wonRevenue ÷ won in minor units; null when none won. */
  readonly averageWonDeal: number | null;
  /** closeSeconds ÷ (won + lost) ÷ 86,400, one decimal; null when none closed. */
  readonly averageDaysToClose: number | null;
  readonly wonRevenue: number;
  /** The amount of the deals still open. */
  readonly openPipeline: number;
  readonly openCount: number;
}

export function dealFiguresOf(counts: DealCounts): DealFigures {
  const closed = counts.won + counts.lost;
  return {
    count: counts.count,
    won: counts.won,
    lost: counts.lost,
    winRate: ratioOf(counts.won, closed),
    averageWonDeal: averageAmountOf(counts.wonAmount, counts.won),
    averageDaysToClose: averageDaysOf(counts.closeSeconds, closed),
    wonRevenue: counts.wonAmount,
    openPipeline: counts.openAmount,
    openCount: counts.open,
  };
}

/** Deals from converted leads and all others side by side, and both together. */
export interface OpportunityFigures {
  readonly fromLeads: DealFigures;
  readonly others: DealFigures;
  readonly all: DealFigures;
  /** fromLeads.wonRevenue ÷ all.wonRevenue; null when nothing was won. */
  readonly revenueContribution: number | null;
}

export function opportunityFiguresOf(fromLeads: DealCounts, others: DealCounts): OpportunityFigures {
  const all = Object.fromEntries(
    (Object.keys(NO_DEALS) as (keyof DealCounts)[]).map((name) => [name, fromLeads[name] + others[name]]),
  ) as unknown as DealCounts;
  return {
    fromLeads: dealFiguresOf(fromLeads),
    others: dealFiguresOf(others),
    all: dealFiguresOf(all),
    revenueContribution: ratioOf(fromLeads.wonAmount, all.wonAmount),
  };
}

function dealCountsOf(sums: Counters, origin: 'lead' | 'other'): DealCounts {
  return Object.fromEntries(
    (Object.keys(NO_DEALS) as (keyof DealCounts)[]).map((name) => [name, sums[`${origin}.${name}`] ?? 0]),
  ) as unknown as DealCounts;
}

// ---- campaigns ---------------------------------------------------------------------------

/** A campaign's leads and deals in the range, summed. */
export interface CampaignCounts {
  /** Leads created in the range naming the campaign. */
  readonly leads: number;
  /** Of those, converted. */
  readonly conversions: number;
  /** Deals created in the range attributed to the campaign (any origin). */
  readonly opportunities: number;
  /** Amount of those still open. */
  readonly pipeline: number;
  readonly won: number;
  readonly wonRevenue: number;
}

export interface CampaignCosts {
  readonly actualCost: number;
  readonly budgetedCost: number;
}

export interface CampaignFigures extends CampaignCounts {
  /** The campaign's whole actual cost; null for a row that is no campaign record. */
  readonly actualCost: number | null;
  readonly budgetedCost: number | null;
  /** actualCost ÷ leads in minor units; null without leads or a cost. */
  readonly costPerLead: number | null;
  /** actualCost ÷ won deals in minor units; null without won deals or a cost. */
  readonly costPerWonDeal: number | null;
  /** (wonRevenue − actualCost) ÷ actualCost; null when the cost is zero or unknown. */
  readonly roi: number | null;
}

export function campaignFiguresOf(counts: CampaignCounts, costs: CampaignCosts | null): CampaignFigures {
  return {
    ...counts,
    actualCost: costs?.actualCost ?? null,
    budgetedCost: costs?.budgetedCost ?? null,
    costPerLead: costs === null ? null : averageAmountOf(costs.actualCost, counts.leads),
    costPerWonDeal: costs === null ? null : averageAmountOf(costs.actualCost, counts.won),
    roi: costs === null ? null : ratioOf(counts.wonRevenue - costs.actualCost, costs.actualCost),
  };
}

// ---- groups and their labels -------------------------------------------------------------

export const GROUPINGS = ['month', 'source', 'campaign', 'team', 'rep'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/**
 * What a row stands for: a month, a lead source, a campaign, a team or a rep; `legacy` is
 * free text kept from before sources and campaigns were records (its label is the text);
 * `none` is no source, no campaign or no known team.
 */
export type GroupKind = Grouping | 'legacy' | 'none';

export interface Group {
  readonly kind: GroupKind;
  readonly id: string | null;
  readonly label: string;
}

/** What names the groups: the settings' sources, the campaigns, today's reps and teams. */
export interface ConversionLabels {
  readonly sources: readonly LeadSource[];
  readonly campaigns: readonly Pick<Campaign, 'id' | 'name'>[];
  readonly repName: (repId: string) => string | undefined;
  /** The team a rep is placed in today. */
  readonly teamOf: (repId: string) => { readonly id: string; readonly name: string } | undefined;
}

const NO_SOURCE: Group = { kind: 'none', id: null, label: 'No source' };
const NO_CAMPAIGN: Group = { kind: 'none', id: null, label: 'No campaign' };
const NO_TEAM: Group = { kind: 'none', id: null, label: 'No team' };

/**
 * A source part: a source id of the settings, else text matched case-insensitively to a
 * source's id or name (a deal's free text from before sources were a list), else its own
 * legacy row labelled with the text; empty is no source.
 */
export function sourceGroup(text: string, sources: readonly LeadSource[]): Group {
  if (text === '') return NO_SOURCE;
  const folded = text.trim().toLowerCase();
  const source =
    sources.find((candidate) => candidate.id === text) ??
    sources.find((candidate) => candidate.id.toLowerCase() === folded || candidate.name.toLowerCase() === folded);
  return source ? { kind: 'source', id: source.id, label: source.name } : { kind: 'legacy', id: null, label: text };
}

function campaignById(campaignId: string, campaigns: ConversionLabels['campaigns']): Group {
  const campaign = campaigns.find((candidate) => candidate.id === campaignId);
  return { kind: 'campaign', id: campaignId, label: campaign?.name ?? campaignId };
}

/** A lead's campaign part: the campaign id, or empty for none. */
export function leadCampaignGroup(part: string, campaigns: ConversionLabels['campaigns']): Group {
  return part === '' ? NO_CAMPAIGN : campaignById(part, campaigns);
}

/**
 * A deal's campaign part: `c:<id>` a campaign, `t:<text>` free text matched to a campaign
 * by case-insensitive name (else its own legacy row), empty for none.
 */
export function dealCampaignGroup(part: string, campaigns: ConversionLabels['campaigns']): Group {
  if (part === '') return NO_CAMPAIGN;
  if (part.startsWith('c:')) return campaignById(part.slice(2), campaigns);
  const text = part.startsWith('t:') ? part.slice(2) : part;
  const folded = text.trim().toLowerCase();
  const campaign = campaigns.find((candidate) => candidate.name.toLowerCase() === folded);
  return campaign ? { kind: 'campaign', id: campaign.id, label: campaign.name } : { kind: 'legacy', id: null, label: text };
}

/** The source and campaign a counter names, whichever cell kind it comes from. */
interface CounterDimensions {
  readonly source: string;
  readonly campaign: Group;
}

function groupOf(by: Grouping, cell: ConversionCell, dimensions: CounterDimensions, labels: ConversionLabels): Group {
  switch (by) {
    case 'month':
      return { kind: 'month', id: cell.month, label: cell.month };
    case 'source':
      return sourceGroup(dimensions.source, labels.sources);
    case 'campaign':
      return dimensions.campaign;
    case 'team': {
      const team = labels.teamOf(cell.repId);
      return team ? { kind: 'team', id: team.id, label: team.name } : NO_TEAM;
    }
    case 'rep':
      return { kind: 'rep', id: cell.repId, label: labels.repName(cell.repId) ?? cell.repId };
  }
}

const groupKey = (group: Group): string => `${group.kind}\u0000${group.id ?? group.label}`;

/** Rows in reading order: months ascending; configured sources in the settings' order; else by label; legacy rows, then none, last. */
function groupOrder(by: Grouping, labels: ConversionLabels): (a: Group, b: Group) => number {
  const rank = (group: Group) => (group.kind === 'none' ? 2 : group.kind === 'legacy' ? 1 : 0);
  const sourceIndex = (group: Group) => labels.sources.findIndex((source) => source.id === group.id);
  return (a, b) =>
    rank(a) - rank(b) ||
    (by === 'month' ? byCodeUnit(a.id ?? '', b.id ?? '') : 0) ||
    (by === 'source' && rank(a) === 0 ? sourceIndex(a) - sourceIndex(b) : 0) ||
    byCodeUnit(a.label.toLowerCase(), b.label.toLowerCase()) ||
    byCodeUnit(a.label, b.label) ||
    byCodeUnit(a.id ?? '', b.id ?? '');
}

interface GroupSums {
  readonly group: Group;
  readonly sums: Record<string, number>;
}

/** Counters summed by group and over all groups, under the names the figures read them by. */
class GroupedSums {
  private readonly groups = new Map<string, GroupSums>();
  readonly total: Record<string, number> = {};

  seed(group: Group): void {
    getOrCreate(this.groups, groupKey(group), (): GroupSums => ({ group, sums: {} }));
  }

  add(group: Group, name: string, value: number): void {
    const { sums } = getOrCreate(this.groups, groupKey(group), (): GroupSums => ({ group, sums: {} }));
    sums[name] = (sums[name] ?? 0) + value;
    this.total[name] = (this.total[name] ?? 0) + value;
  }

  rows(order: (a: Group, b: Group) => number): { readonly group: Group; readonly sums: Counters }[] {
    return [...this.groups.values()].sort((a, b) => order(a.group, b.group));
  }
}

/** Rows every month of the range has, and every configured source: charts keep their axes when a group had nothing. */
function seedGroups(sums: GroupedSums, by: Grouping, months: readonly string[], labels: ConversionLabels): void {
  if (by === 'month') for (const month of months) sums.seed({ kind: 'month', id: month, label: month });
  if (by === 'source') for (const source of labels.sources) sums.seed({ kind: 'source', id: source.id, label: source.name });
}

export type LeadRow = Group & LeadFigures;

/** The lead metrics of the cells (lead cells of the range and scope), by group, and in total. */
export function leadMetricsOf(
  cells: readonly ConversionCell[],
  by: Grouping,
  months: readonly string[],
  labels: ConversionLabels,
): { readonly rows: LeadRow[]; readonly total: LeadFigures } {
  const sums = new GroupedSums();
  seedGroups(sums, by, months, labels);
  for (const cell of cells) {
    if (cell.kind !== 'leads') continue;
    for (const [key, value] of Object.entries(cell.counters)) {
      const { kind, parts } = parseCounterKey(key);
      if (!kind.startsWith('lead.')) continue;
      const [source = '', campaign = ''] = parts;
      const group = groupOf(by, cell, { source, campaign: leadCampaignGroup(campaign, labels.campaigns) }, labels);
      sums.add(group, kind.slice('lead.'.length), value);
    }
  }
  return {
    rows: sums.rows(groupOrder(by, labels)).map(({ group, sums }) => ({ ...group, ...leadFiguresOf(leadCountsOf(sums)) })),
    total: leadFiguresOf(leadCountsOf(sums.total)),
  };
}

export type OpportunityRow = Group & OpportunityFigures;

/** The opportunity metrics of the cells (deal cells of the range and scope), by group, and in total. */
export function opportunityMetricsOf(
  cells: readonly ConversionCell[],
  by: Grouping,
  months: readonly string[],
  labels: ConversionLabels,
): { readonly rows: OpportunityRow[]; readonly total: OpportunityFigures } {
  const sums = new GroupedSums();
  seedGroups(sums, by, months, labels);
  for (const cell of cells) {
    if (cell.kind !== 'deals') continue;
    for (const [key, value] of Object.entries(cell.counters)) {
      const { kind, parts } = parseCounterKey(key);
      if (!kind.startsWith('deal.')) continue;
      const [origin = 'other', source = '', campaign = ''] = parts;
      const group = groupOf(by, cell, { source, campaign: dealCampaignGroup(campaign, labels.campaigns) }, labels);
      sums.add(group, `${origin === 'lead' ? 'lead' : 'other'}.${kind.slice('deal.'.length)}`, value);
    }
  }
  const figures = (counters: Counters) => opportunityFiguresOf(dealCountsOf(counters, 'lead'), dealCountsOf(counters, 'other'));
  return {
    rows: sums.rows(groupOrder(by, labels)).map(({ group, sums }) => ({ ...group, ...figures(sums) })),
    total: figures(sums.total),
  };
}

export interface CampaignRow extends CampaignFigures {
  readonly kind: 'campaign' | 'legacy' | 'none';
  /** null for legacy text and for no campaign. */
  readonly campaignId: string | null;
  readonly name: string;
  readonly type: CampaignType | null;
  readonly parentCampaignId: string | null;
  readonly startDate: string | null;
  readonly endDate: string | null;
}

/**
 * Per campaign: every stored campaign (zeros when nothing in the range names it), then
 * rows of legacy free text no campaign's name matches, then leads and deals with no
 * campaign. Leads and deals are those created in the range; the cost is the campaign's whole.
 */
export function campaignMetricsOf(cells: readonly ConversionCell[], campaigns: readonly Campaign[]): CampaignRow[] {
  const sums = new GroupedSums();
  for (const campaign of campaigns) sums.seed({ kind: 'campaign', id: campaign.id, label: campaign.name });
  sums.seed(NO_CAMPAIGN);
  for (const cell of cells) {
    for (const [key, value] of Object.entries(cell.counters)) {
      const { kind, parts } = parseCounterKey(key);
      if (kind === 'lead.created' || kind === 'lead.converted') {
        sums.add(leadCampaignGroup(parts[1] ?? '', campaigns), kind === 'lead.created' ? 'leads' : 'conversions', value);
      } else if (kind === 'deal.count' || kind === 'deal.openAmount' || kind === 'deal.won' || kind === 'deal.wonAmount') {
        const name = { 'deal.count': 'opportunities', 'deal.openAmount': 'pipeline', 'deal.won': 'won', 'deal.wonAmount': 'wonRevenue' }[
          kind
        ];
        sums.add(dealCampaignGroup(parts[2] ?? '', campaigns), name, value);
      }
    }
  }
  const byId = new Map(campaigns.map((campaign) => [campaign.id, campaign]));
  const labels: ConversionLabels = { sources: [], campaigns, repName: () => undefined, teamOf: () => undefined };
  return sums.rows(groupOrder('campaign', labels)).map(({ group, sums }) => {
    const campaign = group.kind === 'campaign' && group.id !== null ? byId.get(group.id) : undefined;
    const n = (name: string) => sums[name] ?? 0;
    const counts: CampaignCounts = {
      leads: n('leads'),
      conversions: n('conversions'),
      opportunities: n('opportunities'),
      pipeline: n('pipeline'),
      won: n('won'),
      wonRevenue: n('wonRevenue'),
    };
    return {
      kind: group.kind === 'campaign' || group.kind === 'legacy' ? group.kind : 'none',
      campaignId: group.kind === 'campaign' ? group.id : null,
      name: group.label,
      type: campaign?.type ?? null,
      parentCampaignId: campaign?.parentCampaignId ?? null,
      startDate: campaign?.startDate ?? null,
      endDate: campaign?.endDate ?? null,
      ...campaignFiguresOf(counts, campaign ? { actualCost: campaign.actualCost, budgetedCost: campaign.budgetedCost } : null),
    };
  });
}

// ---- the opportunity funnel --------------------------------------------------------------

/** A count and its share of the deals that reached the stage. */
export interface FunnelShare {
  readonly count: number;
  /** count ÷ reached; null when none reached the stage. */
  readonly share: number | null;
}

export interface FunnelStage {
  readonly stageId: string;
  readonly name: string;
  readonly outcome: StageOutcome;
  /** Deals that first entered the stage in the range. */
  readonly reached: number;
  /** For each stage after this one in the configuration's order: of those deals, the ones that entered it later. */
  readonly later: readonly (FunnelShare & { readonly stageId: string; readonly name: string })[];
  /** Of those deals, the ones won (now). */
  readonly won: FunnelShare;
  /** Stays in the stage that ended (the deal moved on), of these deals. */
  readonly exits: number;
  /** Seconds of those stays ÷ exits ÷ 86,400, one decimal; null without exits. */
  readonly averageDaysInStage: number | null;
}

/**
 * The funnel in the configuration's order from the funnel counters of the deal cells.
 * Counters of stages no longer configured are left out (a stage removed has no place in
 * the order).
 */
export function funnelOf(cells: readonly ConversionCell[], stages: readonly Stage[]): FunnelStage[] {
  const byParts = new Map<string, number>();
  for (const cell of cells) {
    if (cell.kind !== 'deals') continue;
    for (const [key, value] of Object.entries(cell.counters)) {
      const { kind, parts } = parseCounterKey(key);
      if (!kind.startsWith('funnel.')) continue;
      const name = [kind, ...parts].join('|');
      byParts.set(name, (byParts.get(name) ?? 0) + value);
    }
  }
  const n = (...parts: string[]) => byParts.get(parts.join('|')) ?? 0;
  return stages.map((stage, index) => {
    const reached = n('funnel.reached', stage.id);
    const exits = n('funnel.stageExits', stage.id);
    const share = (count: number): FunnelShare => ({ count, share: ratioOf(count, reached) });
    return {
      stageId: stage.id,
      name: stage.name,
      outcome: stage.outcome,
      reached,
      later: stages
        .slice(index + 1)
        .map((later) => ({ stageId: later.id, name: later.name, ...share(n('funnel.then', stage.id, later.id)) })),
      won: share(n('funnel.won', stage.id)),
      exits,
      averageDaysInStage: averageDaysOf(n('funnel.stageSeconds', stage.id), exits),
    };
  });
}
