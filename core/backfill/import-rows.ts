/**
 * Reading the rows of an import one by one: a row that does not parse is rejected with its
 * row number and the offending field, and the others go on. What can be checked without
 * stored data is checked here (schema, tracked field, values, stage, dates in the future).
 */
import type { ZodError } from 'zod';
import type { FieldValue } from '../opportunities/field-history.js';
import { OpportunityInput, productLinesOverCap } from '../opportunities/opportunity.js';
import type { Stage } from '../organisation/stage.js';
import { instantOf } from '../shared/instant.js';
import { IMPORTED_FIELD_NAMES, type ImportedField, importedFieldOf, parseFieldValue, stageIdOf } from './history-fields.js';
import { ImportHistoryRow, ImportOpportunityRow, type ImportRequest } from './import-schemas.js';

export interface ImportRejection {
  readonly source: 'opportunities' | 'history';
  readonly row: number;
  readonly opportunityId?: string;
  readonly field?: string;
  readonly reason: string;
}

export interface OpportunityRow {
  readonly row: number;
  readonly id: string;
  /** The PUT body, its stage resolved to an id. */
  readonly input: OpportunityInput & { readonly createdAt: string };
}

export interface HistoryRow {
  readonly row: number;
  readonly opportunityId: string;
  readonly field: ImportedField;
  readonly oldValue: FieldValue;
  readonly newValue: FieldValue;
  /** UTC, `toISOString()`. */
  readonly changedAt: string;
}

export interface ParsedRows {
  readonly opportunities: readonly OpportunityRow[];
  readonly history: readonly HistoryRow[];
  /** Opportunity ids whose row was rejected, with the row: their history is then of an unknown deal. */
  readonly rejectedOpportunityRows: ReadonlyMap<string, number>;
  readonly rejections: readonly ImportRejection[];
}

function rowNumberOf(raw: Record<string, unknown>, index: number): number {
  const row = raw.row;
  return typeof row === 'number' && Number.isSafeInteger(row) && row > 0 ? row : index + 1;
}

/** Rejects with the first schema issue of the row, naming its field. */
function rejectIssue(reject: (field: string, reason: string) => void, error: ZodError): void {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    reject(issue.keys.join(', '), `unknown field(s): ${issue.keys.join(', ')}`);
    return;
  }
  const field = issue?.path.join('.') ?? '';
  reject(field, `${field || 'row'} ${issue?.message ?? 'is invalid'}`);
}

function idOf(raw: Record<string, unknown>, key: string): string | undefined {
  return typeof raw[key] === 'string' ? (raw[key] as string) : undefined;
}

export function parseImportRows(request: ImportRequest, stages: readonly Stage[], now: Date): ParsedRows {
  const rejections: ImportRejection[] = [];
  const opportunities: OpportunityRow[] = [];
  const rejectedOpportunityRows = new Map<string, number>();
  const firstRowOf = new Map<string, number>();

  const parseOpportunity = (raw: Record<string, unknown>, index: number) => {
    const row = rowNumberOf(raw, index);
    const rawId = idOf(raw, 'id');
    const reject = (field: string, reason: string) => {
      rejections.push({ source: 'opportunities', row, ...(rawId !== undefined ? { opportunityId: rawId } : {}), field, reason });
      if (rawId !== undefined && !firstRowOf.has(rawId)) rejectedOpportunityRows.set(rawId, row);
    };
    const head = ImportOpportunityRow.safeParse(raw);
    if (!head.success) return rejectIssue(reject, head.error);
    const { row: _row, id: _id, ...body } = raw;
    // The stage may be named as the CRM shows it ('Closed Won'): resolved before the schema's id rule.
    const stageId = typeof body.stageId === 'string' ? stageIdOf(stages, body.stageId) : undefined;
    if (typeof body.stageId === 'string' && !stageId)
      return reject('stageId', `stage '${body.stageId}' is not in the stage configuration (by id or name)`);
    const parsed = OpportunityInput.safeParse(stageId ? { ...body, stageId } : body);
    if (!parsed.success) return rejectIssue(reject, parsed.error);
    const overCap = productLinesOverCap(parsed.data);
    if (overCap) return reject(overCap.field, `${overCap.field} ${overCap.message}`);
    const earlier = firstRowOf.get(head.data.id);
    if (earlier !== undefined) {
      rejections.push({ source: 'opportunities', row, opportunityId: head.data.id, field: 'id', reason: `duplicate of row ${earlier}` });
      return;
    }
    if (instantOf(head.data.createdAt).getTime() > now.getTime()) return reject('createdAt', 'must not be in the future');
    firstRowOf.set(head.data.id, row);
    rejectedOpportunityRows.delete(head.data.id);
    opportunities.push({ row, id: head.data.id, input: { ...parsed.data, createdAt: head.data.createdAt } });
  };
  for (const [index, raw] of request.opportunities.entries()) parseOpportunity(raw, index);

  const history: HistoryRow[] = [];
  const parseHistoryRow = (raw: Record<string, unknown>, index: number) => {
    const row = rowNumberOf(raw, index);
    const rawId = idOf(raw, 'opportunityId');
    const reject = (field: string, reason: string) =>
      void rejections.push({ source: 'history', row, ...(rawId !== undefined ? { opportunityId: rawId } : {}), field, reason });
    const parsed = ImportHistoryRow.safeParse(raw);
    if (!parsed.success) return rejectIssue(reject, parsed.error);
    const { opportunityId, field: sourceField, oldValue, newValue, changedAt } = parsed.data;
    const field = importedFieldOf(sourceField);
    if (!field) return reject('field', `field '${sourceField}' is not tracked (tracked: ${IMPORTED_FIELD_NAMES})`);
    const oldParsed = parseFieldValue(field, oldValue, stages);
    if (!oldParsed.ok) return reject('oldValue', `oldValue ${oldParsed.reason}`);
    const newParsed = parseFieldValue(field, newValue, stages);
    if (!newParsed.ok) return reject('newValue', `newValue ${newParsed.reason}`);
    if (oldParsed.value === newParsed.value) return reject('newValue', 'old and new value are the same: nothing changed');
    const instant = new Date(changedAt);
    if (instant.getTime() > now.getTime()) return reject('changedAt', 'changedAt is in the future');
    history.push({ row, opportunityId, field, oldValue: oldParsed.value, newValue: newParsed.value, changedAt: instant.toISOString() });
  };
  for (const [index, raw] of request.history.entries()) parseHistoryRow(raw, index);

  return { opportunities, history, rejectedOpportunityRows, rejections };
}
