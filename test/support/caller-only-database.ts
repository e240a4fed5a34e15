/**
 * A document client for handler tests without DynamoDB: it answers the reads that stand
 * the test admin up as the caller (their active rep; settings absent, so the defaults)
 * and hands every other command to `rest`.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '#functions/store/keys.js';
import { TEST_ADMIN } from './test-organisation.js';

export type CommandLike = { constructor: { name: string }; input?: { Key?: unknown } };

export function callerOnlyDatabase(rest: (command: CommandLike) => Promise<unknown>): DynamoDBDocumentClient {
  const callerKey = JSON.stringify(keys.rep(TEST_ADMIN.repId));
  const settingsKey = JSON.stringify(keys.settings());
  const callerRep = {
    ...keys.rep(TEST_ADMIN.repId),
    id: TEST_ADMIN.repId,
    name: 'Sales Operations',
    email: 'sales-ops@example.com',
    teamId: 'company',
    managerId: null,
    active: true,
    version: 1,
    updatedAt: '2016-01-01T00:00:00.000Z',
  };
  const send = async (command: CommandLike) => {
    const key = command.constructor.name === 'GetCommand' ? JSON.stringify(command.input?.Key) : undefined;
    if (key === callerKey) return { Item: callerRep };
    if (key === settingsKey) return {};
    return rest(command);
  };
  return { send } as unknown as DynamoDBDocumentClient;
}
