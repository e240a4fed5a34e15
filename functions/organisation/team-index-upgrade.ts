/**
 * The upgrade of a table whose teams were written before the managers' index: every team
 * naming a manager gets its index entry (GSI3 MANAGER#<rep>), so a manager's request finds
 * the teams they manage without reading every team. Run by `reconcile --repair`; a no-op
 * once done. A Scan (reconcile's role may Scan and PutItem, no index), filtered to teams
 * without an entry; each is put back as read, on condition its version is unchanged: a team
 * saved meanwhile was written with its entry already.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Dependencies } from '../shared/dependencies.js';
import { keys } from '../store/keys.js';
import { teamFromItem, teamToItem } from './team-store.js';

export async function indexManagedTeams(deps: Dependencies): Promise<{ readonly indexed: number }> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.documentClient.send(
      new ScanCommand({
        TableName: deps.tableName,
        FilterExpression: 'sk = :team AND attribute_not_exists(gsi3pk)',
        ExpressionAttributeValues: { ':team': keys.team('').sk },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  let indexed = 0;
  for (const item of items) {
    const team = teamFromItem(item);
    if (team.managerId === null) continue;
    try {
      await deps.documentClient.send(
        new PutCommand({
          TableName: deps.tableName,
          Item: { ...item, ...teamToItem(team) },
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': team.version },
        }),
      );
      indexed++;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  return { indexed };
}
