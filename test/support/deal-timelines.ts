import type { FieldChange } from '#core/opportunities/field-history.js';
import { fieldChangesOf } from '#core/opportunities/field-history.js';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import { type Command, interpret } from './opportunity-history.js';

export const TIMELINE_START = new Date('2026-12-31T22:00:00.000Z');
const ids = { deal: (index: number) => `opp-${index}`, owner: (index: number) => `rep-${index}` };

export interface DealTimeline {
  /** The stored item at the end; a hard-deleted deal is kept as its tombstone. */
  readonly current: Opportunity;
  /** Every image of the deal in order, the tombstone of a hard delete included. */
  readonly versions: readonly Opportunity[];
}

/**
 * Random writes turned into each deal's versions and the field history the stream records
 * between them; a hard delete is dated 30 s after the last write, as the stream would.
 */
export function timelinesOf(commands: readonly Command[]): { timelines: DealTimeline[]; history: FieldChange[] } {
  const { writes } = interpret(commands, ids, TIMELINE_START);
  const versionsById = new Map<string, Opportunity[]>();
  const history: FieldChange[] = [];
  for (const { before, after } of writes) {
    const removedAt = before ? new Date(Date.parse(before.updatedAt) + 30_000).toISOString() : '';
    history.push(...fieldChangesOf(before, after, removedAt));
    const image =
      after ?? (before && !before.deleted ? { ...before, deleted: true, version: before.version + 1, updatedAt: removedAt } : undefined);
    if (!image) continue;
    versionsById.set(image.id, [...(versionsById.get(image.id) ?? []), image]);
  }
  const timelines = [...versionsById.values()].map((versions) => ({ current: versions[versions.length - 1]!, versions }));
  return { timelines, history };
}

/** The version of a deal in force at an instant (a change at the instant counts as made). */
export function versionInForce(versions: readonly Opportunity[], instant: string): Opportunity | undefined {
  return versions.filter((version) => Date.parse(version.updatedAt) <= Date.parse(instant)).at(-1);
}
