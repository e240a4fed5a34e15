/**
 * What an import does, decided from the parsed rows and what is stored, without writing:
 * which deals to write with which field history, what is already there unchanged, and
 * every rejected row with its reason. Pure, so each rule is tested without a table.
 */
import type { FieldChange, FieldValue } from '../opportunities/field-history.js';
import type { Opportunity } from '../opportunities/opportunity.js';
import { type OpportunityContent, opportunityContentOf } from '../opportunities/opportunity-content.js';
import type { Stage } from '../organisation/stage.js';
import { importedQualityOf, numberedChanges } from './deal-versions.js';
import type { HistoryRow, ImportRejection, OpportunityRow, ParsedRows } from './import-rows.js';

/** What the table holds under an id: the opportunity, or the tombstone a hard delete left. */
export interface StoredDeal {
  readonly opportunity: Opportunity | undefined;
  readonly removed: boolean;
  readonly history: readonly FieldChange[];
  /** Why the stored opportunity fails its schema, when it does: its rows are refused (PUT or DELETE mends it). */
  readonly invalid?: string;
}

export interface ImportContext {
  readonly stages: readonly Stage[];
  /** Only the ids found. */
  readonly stored: ReadonlyMap<string, StoredDeal>;
  /** The reps among the owners named by the import that exist. */
  readonly repIds: ReadonlySet<string>;
  /** Those of them that are inactive: they keep the deals they have, but are given none. */
  readonly inactiveRepIds?: ReadonlySet<string>;
}

export interface DealToWrite {
  readonly row: number;
  readonly opportunity: Opportunity;
  readonly changes: readonly FieldChange[];
  /** The history row of each change, in the same order. */
  readonly historyRows: readonly number[];
}

export interface ImportPlan {
  readonly writes: readonly DealToWrite[];
  readonly unchanged: { readonly opportunities: number; readonly history: number };
  readonly rejections: readonly ImportRejection[];
}

const SOURCE_ORDER = { opportunities: 0, history: 1 } as const;

const COMPARED_FIELDS = [
  'name',
  'account',
  'ownerId',
  'stageId',
  'stageOutcome',
  'closeDate',
  'amount',
  'probability',
  'productLines',
  'createdAt',
  'campaign',
  'leadSource',
  'customerType',
  'goNoGoDate',
  'closePlan',
  'discountRationale',
  'priority',
  'version',
  'deleted',
] as const satisfies readonly (keyof Opportunity)[];

/** The stored deal an opportunity row would write, as PUT derives it (stage outcome, amount from product lines). */
function contentOf({ id, input }: OpportunityRow, stages: readonly Stage[]): OpportunityContent {
  return opportunityContentOf(id, input, stages.find((stage) => stage.id === input.stageId)?.outcome ?? 'open', input.createdAt);
}

function sameDeal(a: Opportunity, b: Opportunity): boolean {
  return COMPARED_FIELDS.every((field) => JSON.stringify(a[field]) === JSON.stringify(b[field]));
}

function shown(value: FieldValue): string {
  return value === null ? 'empty' : `'${value}'`;
}

type Current = Pick<Opportunity, 'createdAt' | 'stageId' | 'closeDate' | 'amount' | 'probability' | 'ownerId'>;

/**
 * The rows of one deal that can stand: none before its creation, owners that exist, no
 * duplicates, at most one change of a field per instant, and a consistent chain: walking
 * each field from the newest change to the oldest, starting at the deal's current value,
 * every change must lead to the value after it.
 */
function checkDealHistory(
  current: Current,
  rows: readonly HistoryRow[],
  repIds: ReadonlySet<string>,
  reject: (row: HistoryRow, field: string, reason: string) => void,
): HistoryRow[] {
  const created = Date.parse(current.createdAt);
  const seen = new Map<string, HistoryRow>();
  const candidates: HistoryRow[] = [];
  for (const row of rows) {
    if (Date.parse(row.changedAt) < created) {
      reject(row, 'changedAt', `changedAt is before the deal was created (${current.createdAt})`);
      continue;
    }
    const unknownOwner = row.field === 'ownerId' ? [row.oldValue, row.newValue].find((value) => !repIds.has(String(value))) : undefined;
    if (unknownOwner !== undefined) {
      reject(row, unknownOwner === row.oldValue ? 'oldValue' : 'newValue', `rep '${unknownOwner}' does not exist`);
      continue;
    }
    const key = `${row.field}|${row.changedAt}`;
    const earlier = seen.get(key);
    if (earlier) {
      const duplicate = earlier.oldValue === row.oldValue && earlier.newValue === row.newValue;
      reject(
        row,
        duplicate ? 'row' : 'changedAt',
        duplicate ? `duplicate of row ${earlier.row}` : `another change of ${row.field} at the same instant (row ${earlier.row})`,
      );
      continue;
    }
    seen.set(key, row);
    candidates.push(row);
  }

  const accepted = new Set<HistoryRow>();
  for (const field of ['stageId', 'closeDate', 'amount', 'probability', 'ownerId'] as const) {
    let after: FieldValue = current[field];
    const newestFirst = candidates.filter((row) => row.field === field).sort((a, b) => Date.parse(b.changedAt) - Date.parse(a.changedAt));
    for (const row of newestFirst) {
      if (row.newValue !== after) {
        reject(row, 'newValue', `does not lead to the value after it: new value ${shown(row.newValue)}, value after it ${shown(after)}`);
        continue;
      }
      accepted.add(row);
      after = row.oldValue;
    }
  }
  return candidates.filter((row) => accepted.has(row));
}

function changesOf(opportunityId: string, rows: readonly HistoryRow[]) {
  return numberedChanges(rows.map(({ field, oldValue, newValue, changedAt }) => ({ opportunityId, field, oldValue, newValue, changedAt })));
}

function historyKey(change: Pick<FieldChange, 'changedAt' | 'version' | 'field'>): string {
  return `${change.changedAt}|${change.version}|${change.field}`;
}

export function planImport(parsed: ParsedRows, { stages, stored, repIds, inactiveRepIds = new Set() }: ImportContext): ImportPlan {
  const rejections: ImportRejection[] = [...parsed.rejections];
  const writes: DealToWrite[] = [];
  const unchanged = { opportunities: 0, history: 0 };
  const rowsByDeal = new Map<string, HistoryRow[]>();
  for (const row of parsed.history) rowsByDeal.set(row.opportunityId, [...(rowsByDeal.get(row.opportunityId) ?? []), row]);

  const rejectHistory = (row: Pick<HistoryRow, 'row' | 'opportunityId'>, field: string | undefined, reason: string) =>
    void rejections.push({ source: 'history', row: row.row, opportunityId: row.opportunityId, ...(field ? { field } : {}), reason });
  const rejectDeal = (deal: OpportunityRow, field: string | undefined, reason: string, rows: readonly HistoryRow[]) => {
    rejections.push({ source: 'opportunities', row: deal.row, opportunityId: deal.id, ...(field ? { field } : {}), reason });
    for (const row of rows) rejectHistory(row, undefined, `deal '${deal.id}' was rejected (opportunities row ${deal.row})`);
  };
  /** A stored deal's history is never rewritten by an import: rows must match what is stored. */
  const compareWithStored = (opportunityId: string, history: readonly FieldChange[], rows: readonly HistoryRow[]) => {
    const { changes } = changesOf(opportunityId, rows);
    const storedByKey = new Map(history.map((change) => [historyKey(change), change]));
    changes.forEach((change, index) => {
      const match = storedByKey.get(historyKey(change));
      if (match && match.oldValue === change.oldValue && match.newValue === change.newValue) unchanged.history++;
      else
        rejectHistory(
          rows[index] as HistoryRow,
          undefined,
          `deal '${opportunityId}' is already stored and its field history has no such change; an import does not rewrite a stored deal's history`,
        );
    });
  };

  const inRequest = new Set<string>();
  for (const deal of parsed.opportunities) {
    inRequest.add(deal.id);
    const rows = rowsByDeal.get(deal.id) ?? [];
    const found = stored.get(deal.id);
    if (found?.invalid !== undefined) {
      rejectDeal(
        deal,
        'id',
        `deal '${deal.id}' is stored invalid (${found.invalid}); replace it with PUT /opportunities/${deal.id} or DELETE it`,
        rows,
      );
      continue;
    }
    if (found?.removed && !found.opportunity) {
      rejectDeal(deal, 'id', `deal '${deal.id}' was removed; its id cannot be reused by an import`, rows);
      continue;
    }
    if (!repIds.has(deal.input.ownerId)) {
      rejectDeal(deal, 'ownerId', `rep '${deal.input.ownerId}' does not exist`, rows);
      continue;
    }
    // As PUT: an inactive rep keeps a deal they have (a re-import of it is unchanged), but is given none.
    const keeps = found?.opportunity !== undefined && !found.opportunity.deleted && found.opportunity.ownerId === deal.input.ownerId;
    if (inactiveRepIds.has(deal.input.ownerId) && !keeps) {
      rejectDeal(deal, 'ownerId', `rep '${deal.input.ownerId}' is inactive and cannot be given deals`, rows);
      continue;
    }
    const content = contentOf(deal, stages);
    const acceptedRows = checkDealHistory(content, rows, repIds, (row, field, reason) => rejectHistory(row, field, reason));
    const { changes, version, lastChangedAt } = changesOf(deal.id, acceptedRows);
    const source = { ...content, deleted: false };
    const opportunity: Opportunity = {
      ...content,
      version,
      updatedAt: lastChangedAt ?? content.createdAt,
      deleted: false,
      importedQuality: importedQualityOf(source, changes, stages),
    };
    if (!found?.opportunity) {
      writes.push({ row: deal.row, opportunity, changes, historyRows: acceptedRows.map((row) => row.row) });
    } else if (sameDeal(found.opportunity, opportunity)) {
      unchanged.opportunities++;
      compareWithStored(deal.id, found.history, acceptedRows);
    } else {
      rejectDeal(
        deal,
        undefined,
        `deal '${deal.id}' already exists with other values; change it through PUT /opportunities/${deal.id}`,
        acceptedRows,
      );
    }
  }

  for (const [opportunityId, rows] of rowsByDeal) {
    if (inRequest.has(opportunityId)) continue;
    const found = stored.get(opportunityId);
    if (found?.invalid !== undefined) {
      for (const row of rows)
        rejectHistory(
          row,
          'opportunityId',
          `deal '${opportunityId}' is stored invalid (${found.invalid}); replace it with PUT /opportunities/${opportunityId} or DELETE it`,
        );
      continue;
    }
    const live = found?.opportunity;
    if (live && !live.deleted) {
      const acceptedRows = checkDealHistory(live, rows, repIds, (row, field, reason) => rejectHistory(row, field, reason));
      compareWithStored(opportunityId, stored.get(opportunityId)?.history ?? [], acceptedRows);
      continue;
    }
    const rejectedRow = parsed.rejectedOpportunityRows.get(opportunityId);
    const reason =
      rejectedRow !== undefined
        ? `unknown deal '${opportunityId}': its opportunities row ${rejectedRow} was rejected`
        : `unknown deal '${opportunityId}': not in this import nor stored`;
    for (const row of rows) rejectHistory(row, 'opportunityId', reason);
  }

  return { writes, unchanged, rejections: rejections.sort((a, b) => SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] || a.row - b.row) };
}
