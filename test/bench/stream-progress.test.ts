import { describe, expect, it } from 'vitest';
import { linkVersionsIn } from '../../bench/stream-progress.js';

const link = (opportunityId: string, version: number) => ({
  pk: 'REPMONTH#rep-1#2026-12',
  sk: `DEAL#${opportunityId}`,
  opportunityId,
  version,
  live: true,
});

describe('linkVersionsIn', () => {
  it('names every deal link of a transaction of several deals, and nothing else in it', () => {
    const input = {
      TransactItems: [
        { Put: { TableName: 't', Item: link('opp-1', 4), ConditionExpression: 'version = :expected' } },
        { Put: { TableName: 't', Item: link('opp-2', 1) } },
        { Update: { TableName: 't', Key: { pk: 'REPMONTH#rep-1#2026-12', sk: 'RECORD' }, UpdateExpression: 'ADD rev :changes' } },
        { Put: { TableName: 't', Item: { pk: 'OPP#opp-1', sk: 'HISTORY#x', opportunityId: 'opp-1', version: 4 } } },
      ],
    };
    expect(linkVersionsIn('TransactWriteItemsCommand', input)).toEqual([
      { opportunityId: 'opp-1', version: 4 },
      { opportunityId: 'opp-2', version: 1 },
    ]);
  });

  it("names a lone link's conditional put", () => {
    expect(linkVersionsIn('PutItemCommand', { TableName: 't', Item: link('opp-3', 7) })).toEqual([{ opportunityId: 'opp-3', version: 7 }]);
  });

  it('ignores other writes and other operations', () => {
    expect(linkVersionsIn('PutItemCommand', { Item: { pk: 'OPP#opp-1', sk: 'OPPORTUNITY', id: 'opp-1', version: 2 } })).toEqual([]);
    expect(linkVersionsIn('BatchWriteItemCommand', { RequestItems: { t: [{ PutRequest: { Item: link('opp-1', 2) } }] } })).toEqual([]);
    expect(linkVersionsIn('GetItemCommand', undefined)).toEqual([]);
  });
});
