/**
 * Reading the rows of a lead import one by one: a row that does not parse is rejected with
 * its row number and the offending field, and the others go on. What can be checked without
 * stored data is checked here: the schema of PUT /leads/{id} plus the lead's id, createdAt
 * required and not in the future, a status named by its id or as a CRM names it, a source
 * by its id or the settings' name, and no conversion (that is POST /leads/{id}/convert).
 */
import * as z from 'zod';
import { LeadInput, type LeadStatus } from '../leads/lead.js';
import type { LeadSource } from '../organisation/settings.js';
import { Id, Instant } from '../shared/common-schemas.js';
import { instantOf } from '../shared/instant.js';

export const MAX_IMPORT_LEADS = 500;

const RawRow = z.record(z.string(), z.unknown());

export const ImportLeadsRequest = z
  .strictObject({
    leads: z.array(RawRow).max(MAX_IMPORT_LEADS).meta({
      description:
        'Lead rows: `row` (optional: the source row number, else the index + 1), `id`, the fields of PUT /leads/{id}, `createdAt` required; `status` by id or CRM name, `source` by id or name',
    }),
  })
  .meta({ id: 'ImportLeadsRequest' });
export type ImportLeadsRequest = z.infer<typeof ImportLeadsRequest>;

/** The row's head: its number, the lead's id, and createdAt (an import dates the lead; a re-import must give the same). */
const ImportLeadHead = z.looseObject({ row: z.number().int().positive().optional(), id: Id, createdAt: Instant });

export interface LeadImportRejection {
  readonly row: number;
  readonly leadId?: string;
  readonly field?: string;
  readonly reason: string;
}

export interface LeadRow {
  readonly row: number;
  readonly id: string;
  /** The PUT body, its status and source resolved to ids, createdAt as `toISOString()`. */
  readonly input: LeadInput & { readonly createdAt: string };
}

export interface ParsedLeadRows {
  readonly leads: readonly LeadRow[];
  readonly rejections: readonly LeadImportRejection[];
}

/** Letters and digits only, lower case: "Closed - Not Converted" and "closed-not-converted" are one name. */
const nameKey = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** Status names as CRMs export them (Salesforce's defaults among them), by nameKey. */
const STATUS_NAMES: Readonly<Record<string, LeadStatus>> = {
  open: 'open',
  new: 'open',
  opennotcontacted: 'open',
  notcontacted: 'open',
  contacted: 'contacted',
  working: 'contacted',
  workingcontacted: 'contacted',
  qualified: 'qualified',
  workingqualified: 'qualified',
  closedunqualified: 'closed-unqualified',
  closednotconverted: 'closed-unqualified',
  unqualified: 'closed-unqualified',
  disqualified: 'closed-unqualified',
  closed: 'closed-unqualified',
  converted: 'converted',
  closedconverted: 'converted',
};

/** A status by its id or a CRM's name for it, any case; undefined when it names none. */
export function leadStatusOf(text: string): LeadStatus | undefined {
  return STATUS_NAMES[nameKey(text)];
}

/** A lead source by its id or its name in the settings, any case; undefined when it names none. */
export function leadSourceIdOf(sources: readonly LeadSource[], text: string): string | undefined {
  const key = nameKey(text);
  return (
    sources.find((source) => source.id === text) ?? sources.find((source) => nameKey(source.id) === key || nameKey(source.name) === key)
  )?.id;
}

function rowNumberOf(raw: Record<string, unknown>, index: number): number {
  const row = raw.row;
  return typeof row === 'number' && Number.isSafeInteger(row) && row > 0 ? row : index + 1;
}

/** The first schema issue of a row, naming its field. */
function issueOf(error: z.ZodError): { field: string; reason: string } {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') return { field: issue.keys.join(', '), reason: `unknown field(s): ${issue.keys.join(', ')}` };
  const field = issue?.path.join('.') ?? '';
  return { field, reason: `${field || 'row'} ${issue?.message ?? 'is invalid'}` };
}

export function parseLeadRows(request: ImportLeadsRequest, sources: readonly LeadSource[], now: Date): ParsedLeadRows {
  const rejections: LeadImportRejection[] = [];
  const leads: LeadRow[] = [];
  const firstRowOf = new Map<string, number>();

  for (const [index, raw] of request.leads.entries()) {
    const row = rowNumberOf(raw, index);
    const leadId = typeof raw.id === 'string' ? raw.id : undefined;
    const reject = (field: string, reason: string) =>
      void rejections.push({ row, ...(leadId !== undefined ? { leadId } : {}), field, reason });

    const head = ImportLeadHead.safeParse(raw);
    if (!head.success) {
      const { field, reason } = issueOf(head.error);
      reject(field, reason);
      continue;
    }
    const { row: _row, id: _id, ...body } = raw;
    let status: LeadStatus | undefined;
    if (typeof body.status === 'string') {
      status = leadStatusOf(body.status);
      if (!status) {
        reject(
          'status',
          `status '${body.status}' is not a lead status (open, contacted, qualified, closed-unqualified, or a CRM's name for one)`,
        );
        continue;
      }
      if (status === 'converted') {
        reject('status', 'a converted lead is not imported: conversion is POST /leads/{id}/convert, which makes its opportunity');
        continue;
      }
    }
    const source = typeof body.source === 'string' ? leadSourceIdOf(sources, body.source) : undefined;
    if (typeof body.source === 'string' && !source) {
      reject('source', `lead source '${body.source}' is not one of the settings' lead sources (by id or name)`);
      continue;
    }
    const parsed = LeadInput.safeParse({
      ...body,
      ...(status ? { status } : {}),
      ...(source ? { source } : {}),
    });
    if (!parsed.success) {
      const { field, reason } = issueOf(parsed.error);
      reject(field, reason);
      continue;
    }
    const earlier = firstRowOf.get(head.data.id);
    if (earlier !== undefined) {
      reject('id', `duplicate of row ${earlier}`);
      continue;
    }
    const createdAt = instantOf(head.data.createdAt);
    if (createdAt.getTime() > now.getTime()) {
      reject('createdAt', 'createdAt must not be in the future');
      continue;
    }
    firstRowOf.set(head.data.id, row);
    leads.push({ row, id: head.data.id, input: { ...parsed.data, createdAt: createdAt.toISOString() } });
  }
  return { leads, rejections };
}
