/** Teams: one item each, indexed for "all teams" (GSI1) and "child teams of a team" (GSI2). */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Team } from '#core/organisation/team.js';
import type { TeamRepository } from '#core/organisation/team-repository.js';
import type { AuditEntry } from '#core/shared/audit-entry.js';
import type { Page, PageRequest } from '#core/shared/page.js';
import { auditEntryPut } from '../audit/audit-item.js';
import type { Dependencies } from '../shared/dependencies.js';
import { keys } from '../store/keys.js';
import { queryAll, queryPage } from '../store/query-pages.js';
import { parseStoredItem, putVersionedWith } from '../store/stored-item.js';

export function teamToItem(team: Team): Record<string, unknown> {
  return { ...keys.team(team.id), ...keys.teamIndexes(team.id, team.parentTeamId), type: 'Team', ...team };
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
}
