/**
 * Reps: one item each, indexed for "all reps" (GSI1) and "reps of a team" (GSI2), and
 * beside it each version's team, so the pipeline at a past instant is summed by the teams
 * of then. The version items carry the team only: a rep's personal data is not kept twice.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { Rep } from '#core/organisation/rep.js';
import type { RepRepository } from '#core/organisation/rep-repository.js';
import type { RepTeamVersion } from '#core/pipeline/pipeline-rebuild.js';
import type { AuditEntry } from '#core/shared/audit-entry.js';
import { Id, Instant } from '#core/shared/common-schemas.js';
import type { Page, PageRequest } from '#core/shared/page.js';
import { auditEntryPut } from '../audit/audit-item.js';
import type { Dependencies } from '../shared/dependencies.js';
import { keys } from '../store/keys.js';
import { queryAll, queryPage } from '../store/query-pages.js';
import { parseStoredItem, plainPut, putVersionedWith } from '../store/stored-item.js';

export function repToItem(rep: Rep): Record<string, unknown> {
  return { ...keys.rep(rep.id), ...keys.repIndexes(rep.id, rep.teamId), type: 'Rep', ...rep };
}

export function repFromItem(item: Record<string, unknown>): Rep {
  return parseStoredItem(Rep, item, 'rep');
}

const RepTeamVersionItem = z.object({
  repId: Id,
  version: z.number().int().positive(),
  updatedAt: Instant,
  teamId: Id,
});

/** One stored version of a rep's team, validated (CorruptItemError if not). */
export function repTeamVersionFromItem(item: Record<string, unknown>): RepTeamVersion {
  return parseStoredItem(RepTeamVersionItem, item, 'rep team version');
}

function repTeamVersionToItem({ id, version, updatedAt, teamId }: Rep): Record<string, unknown> {
  return { ...keys.repVersion(id, version), type: 'RepTeamVersion', repId: id, version, updatedAt, teamId };
}

export class RepStore implements RepRepository {
  constructor(private readonly deps: Dependencies) {}

  async get(repId: string): Promise<Rep | undefined> {
    const result = await this.deps.documentClient.send(
      new GetCommand({ TableName: this.deps.tableName, Key: keys.rep(repId), ConsistentRead: true }),
    );
    return result.Item ? repFromItem(result.Item) : undefined;
  }

  /** The rep, its version's team and the audit entry, together or not at all. */
  save(rep: Rep, expectedVersion: number | null, audit: AuditEntry): Promise<void> {
    return putVersionedWith(
      this.deps,
      { item: repToItem(rep), expectedVersion, what: `rep '${rep.id}'` },
      plainPut(this.deps, repTeamVersionToItem(rep)),
      auditEntryPut(this.deps, audit),
    );
  }

  async list(filter: { readonly teamId?: string | undefined }, page: PageRequest): Promise<Page<Rep>> {
    const result =
      filter.teamId === undefined
        ? await queryPage(
            this.deps,
            { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.repsIndex().gsi1pk } },
            page,
            { attributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'], fixed: keys.repsIndex() },
          )
        : await queryPage(
            this.deps,
            {
              IndexName: 'gsi2',
              KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :reps)',
              ExpressionAttributeValues: { ':pk': keys.teamMembersIndex(filter.teamId).gsi2pk, ':reps': 'REP#' },
            },
            page,
            { attributes: ['pk', 'sk', 'gsi2pk', 'gsi2sk'], fixed: keys.teamMembersIndex(filter.teamId) },
          );
    return { items: result.items.map(repFromItem), nextCursor: result.nextCursor };
  }

  async listAll(): Promise<Rep[]> {
    const items = await queryAll(this.deps, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.repsIndex().gsi1pk },
    });
    return items.map(repFromItem);
  }
}
