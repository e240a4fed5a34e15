/**
 * Teams: one item each, indexed for "all teams" (GSI1), "child teams of a team" (GSI2,
 * beside the team's member reps) and "teams a rep manages" (GSI3, keys only).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Team } from '#core/organisation/team.js';
import type { TeamBranch, TeamRepository } from '#core/organisation/team-repository.js';
import type { AuditEntry } from '#core/shared/audit-entry.js';
import type { Page, PageRequest } from '#core/shared/page.js';
import { auditEntryPut } from '../audit/audit-item.js';
import type { Dependencies } from '../shared/dependencies.js';
import { batchGetAll } from '../store/batch-operations.js';
import { keys } from '../store/keys.js';
import { queryAll, queryPage } from '../store/query-pages.js';
import { parseStoredItem, putVersionedWith } from '../store/stored-item.js';
import { repFromItem } from './rep-store.js';

export function teamToItem(team: Team): Record<string, unknown> {
  return {
    ...keys.team(team.id),
    ...keys.teamIndexes(team.id, team.parentTeamId),
    ...keys.teamManagerIndexes(team.id, team.managerId),
    type: 'Team',
    ...team,
  };
}

export function teamFromItem(item: Record<string, unknown>): Team {
  return parseStoredItem(Team, item, 'team');
}

const ALL_TEAMS = {
  IndexName: 'gsi1',
  KeyConditionExpression: 'gsi1pk = :pk',
  ExpressionAttributeValues: { ':pk': keys.teamsIndex().gsi1pk },
};

export class TeamStore implements TeamRepository {
  constructor(private readonly deps: Dependencies) {}

  async get(teamId: string): Promise<Team | undefined> {
    const result = await this.deps.documentClient.send(
      new GetCommand({ TableName: this.deps.tableName, Key: keys.team(teamId), ConsistentRead: true }),
    );
    return result.Item ? teamFromItem(result.Item) : undefined;
  }

  /** The team and the audit entry, together or not at all. */
  save(team: Team, expectedVersion: number | null, audit: AuditEntry): Promise<void> {
    return putVersionedWith(
      this.deps,
      { item: teamToItem(team), expectedVersion, what: `team '${team.id}'` },
      auditEntryPut(this.deps, audit),
    );
  }

  async list(page: PageRequest): Promise<Page<Team>> {
    const result = await queryPage(this.deps, ALL_TEAMS, page, { attributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'], fixed: keys.teamsIndex() });
    return { items: result.items.map(teamFromItem), nextCursor: result.nextCursor };
  }

  async listAll(): Promise<Team[]> {
    return (await queryAll(this.deps, ALL_TEAMS)).map(teamFromItem);
  }

  /** The keys from the managers' index (keys only), then the teams by key. */
  async managedBy(repId: string): Promise<Team[]> {
    const entries = await queryAll(this.deps, {
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.managedTeamsIndex(repId).gsi3pk },
    });
    if (entries.length === 0) return [];
    const teams = (
      await batchGetAll(
        this.deps,
        entries.map((entry) => ({ pk: String(entry.pk), sk: String(entry.sk) })),
      )
    ).map(teamFromItem);
    // The index lags the table a little: a team whose manager just changed is not theirs.
    return teams.filter((team) => team.managerId === repId).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async branchOf(teamId: string): Promise<TeamBranch> {
    const items = await queryAll(this.deps, {
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.teamMembersIndex(teamId).gsi2pk },
    });
    return {
      teams: items.filter((item) => item.sk === keys.team('').sk).map(teamFromItem),
      reps: items.filter((item) => item.sk === keys.rep('').sk).map(repFromItem),
    };
  }
}
