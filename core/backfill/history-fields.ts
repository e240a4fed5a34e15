/**
 * The fields of a CRM field history export that the engine tracks, under our names or the
 * CRM's, and how their values are read. Stages may be given by id or by name.
 */
import type { FieldValue, TrackedField } from '../opportunities/field-history.js';
import type { Stage } from '../organisation/stage.js';
import { CalendarDate, Id, MAX_AMOUNT_MINOR } from '../shared/common-schemas.js';

/** The tracked fields an import may carry (a deletion is not imported). */
export type ImportedField = Exclude<TrackedField, 'deleted'>;

const FIELD_NAMES: Readonly<Record<string, ImportedField>> = {
  stageid: 'stageId',
  stagename: 'stageId',
  stage: 'stageId',
  closedate: 'closeDate',
  amount: 'amount',
  probability: 'probability',
  ownerid: 'ownerId',
  owner: 'ownerId',
};

export const IMPORTED_FIELD_NAMES = 'stageId/StageName, closeDate/CloseDate, amount/Amount, probability/Probability, ownerId/Owner/OwnerId';

/** Our field for a column name of either vocabulary, case-insensitive; undefined when not tracked. */
export function importedFieldOf(name: string): ImportedField | undefined {
  return FIELD_NAMES[name.trim().toLowerCase()];
}

export type ParsedValue = { readonly ok: true; readonly value: FieldValue } | { readonly ok: false; readonly reason: string };

const ok = (value: FieldValue): ParsedValue => ({ ok: true, value });
const bad = (reason: string): ParsedValue => ({ ok: false, reason });

/** Stage by id (exact, then case-insensitive) or by name (case-insensitive). */
export function stageIdOf(stages: readonly Stage[], value: string): string | undefined {
  const wanted = value.trim();
  const lower = wanted.toLowerCase();
  return (
    stages.find((stage) => stage.id === wanted) ??
    stages.find((stage) => stage.id.toLowerCase() === lower || stage.name.toLowerCase() === lower)
  )?.id;
}

function integerOf(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  return /^\s*\d{1,16}\s*$/.test(value) ? Number(value) : undefined;
}

/** A history value read for its field; empty text counts as empty. */
export function parseFieldValue(field: ImportedField, raw: string | number | null, stages: readonly Stage[]): ParsedValue {
  const value = typeof raw === 'string' && raw.trim() === '' ? null : raw;
  if (field === 'probability') {
    if (value === null) return ok(null);
    const percent = integerOf(value);
    return percent !== undefined && percent <= 100
      ? ok(percent)
      : bad(`'${value}' is not a probability (an integer percent 0-100, or empty)`);
  }
  if (value === null) return bad('must not be empty');
  switch (field) {
    case 'stageId': {
      const stageId = stageIdOf(stages, String(value));
      return stageId ? ok(stageId) : bad(`stage '${value}' is not in the stage configuration (by id or name)`);
    }
    case 'closeDate':
      return CalendarDate.safeParse(value).success ? ok(value) : bad(`'${value}' is not a date YYYY-MM-DD`);
    case 'amount': {
      const amount = integerOf(value);
      return amount !== undefined && amount <= MAX_AMOUNT_MINOR ? ok(amount) : bad(`'${value}' is not an amount in integer minor units`);
    }
    case 'ownerId':
      return Id.safeParse(value).success ? ok(value) : bad(`'${value}' is not a rep id`);
  }
}
