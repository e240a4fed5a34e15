/**
 * The stage configuration and reps keep a version item beside the record, written in the
 * same transaction: every stored version has its history item, and a write that lost a
 * race leaves neither item behind.
 */

import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rep } from '#core/organisation/rep.js';
import { DEFAULT_STAGES, type Stage, type VersionedStageConfiguration } from '#core/organisation/stage.js';
import { auditSubjects } from '#core/shared/audit-entry.js';
import { ConflictError } from '#core/shared/errors.js';
import { RepStore, repTeamVersionFromItem } from '#functions/organisation/rep-store.js';
import { StageConfigurationStore, stageConfigurationVersionFromItem } from '#functions/organisation/stage-configuration-store.js';
import { keys, SORT_KEY_PREFIX } from '#functions/store/keys.js';
import { CorruptItemError } from '#functions/store/stored-item.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { setupAudit } from '../support/setup-audit.js';

const stagesAudit = (configuration: { stages: unknown; updatedAt: string | null }) =>
  setupAudit(auditSubjects.stageConfiguration(), configuration, configuration.updatedAt ?? '2016-01-01T00:00:00.000Z');
const repAudit = (rep: { id: string; updatedAt: string }) => setupAudit(auditSubjects.rep(rep.id), rep, rep.updatedAt);

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable('record-version-history');
});
afterAll(async () => {
  await table?.delete();
});

async function itemsUnder(pk: string, skPrefix: string): Promise<Record<string, unknown>[]> {
  const { Items } = await table.documentClient.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

async function itemAt(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
  return (await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }))).Item;
}

function withProbability(stageId: string, probability: number): Stage[] {
  return DEFAULT_STAGES.stages.map((stage) => (stage.id === stageId ? { ...stage, probability } : stage));
}

describe('stage configuration versions', () => {
  const { pk } = keys.stageConfiguration();

  it('keeps a version item for every version written, with its stages and instant', async () => {
    // Prepare
    const store = new StageConfigurationStore(table.dependencies());
    const first: VersionedStageConfiguration = { stages: DEFAULT_STAGES.stages, version: 1, updatedAt: '2016-01-04T09:00:00.000Z' };
    const second: VersionedStageConfiguration = {
      stages: withProbability('negotiation', 80),
      version: 2,
      updatedAt: '2016-03-01T12:30:00.000Z',
    };

    // Act
    await store.save(first, 0, stagesAudit(first));
    await store.save(second, 1, stagesAudit(second));

    // Assess
    const versions = (await itemsUnder(pk, SORT_KEY_PREFIX.stageConfigurationVersion)).map(stageConfigurationVersionFromItem);
    expect(versions).toEqual([
      { version: 1, updatedAt: '2016-01-04T09:00:00.000Z', stages: DEFAULT_STAGES.stages },
      { version: 2, updatedAt: '2016-03-01T12:30:00.000Z', stages: withProbability('negotiation', 80) },
    ]);
    expect(await store.get()).toEqual(second);
  });

  it('gives one of two racing writers a ConflictError and stores only the winner, in both items', async () => {
    // Prepare: both writers read version 2 (the previous test's).
    const store = new StageConfigurationStore(table.dependencies());
    const writers = [70, 90].map((probability) => ({
      stages: withProbability('negotiation', probability),
      version: 3,
      updatedAt: `2016-04-01T00:00:0${probability / 10}.000Z`,
    }));

    // Act
    const outcomes = await Promise.allSettled(writers.map((writer) => store.save(writer, 2, stagesAudit(writer))));

    // Assess
    const winners = writers.filter((_, index) => outcomes[index]?.status === 'fulfilled');
    const losers = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers.map((loser) => loser.reason)).toEqual([expect.any(ConflictError)]);
    expect(await store.get()).toEqual(winners[0]);
    const third = await itemAt(keys.stageConfigurationVersion(3));
    expect(third && stageConfigurationVersionFromItem(third)).toEqual(winners[0]);
  });

  it('writes neither item when the record is not at the expected version', async () => {
    // Prepare: stored is version 3; a writer expects a version 5 that never existed.
    const store = new StageConfigurationStore(table.dependencies());
    const stored = await store.get();

    // Act
    const sixth = { stages: withProbability('prospecting', 5), version: 6, updatedAt: '2016-05-01T00:00:00.000Z' };
    const saving = store.save(sixth, 5, stagesAudit(sixth));

    // Assess
    await expect(saving).rejects.toThrow(ConflictError);
    expect(await store.get()).toEqual(stored);
    expect(await itemAt(keys.stageConfigurationVersion(6))).toBeUndefined();
    expect((await itemsUnder(pk, SORT_KEY_PREFIX.stageConfigurationVersion)).map((item) => item.version)).toEqual([1, 2, 3]);
  });

  it('refuses a version item that is not a valid configuration version as corrupt', () => {
    const item = { ...keys.stageConfigurationVersion(9), version: 9, updatedAt: 'yesterday', stages: [] };

    expect(() => stageConfigurationVersionFromItem(item)).toThrow(CorruptItemError);
  });
});

describe('rep team versions', () => {
  const dave: Rep = {
    id: 'dave',
    name: 'Dave Apthorp',
    email: 'dave@example.com',
    teamId: 'emea',
    managerId: null,
    active: true,
    version: 1,
    updatedAt: '2016-01-04T09:00:00.000Z',
  };

  it("keeps each version's team, and nothing else of the rep", async () => {
    // Prepare
    const store = new RepStore(table.dependencies());
    const moved: Rep = { ...dave, teamId: 'americas', version: 2, updatedAt: '2016-06-01T00:00:00.000Z' };

    // Act
    await store.save(dave, null, repAudit(dave));
    await store.save(moved, 1, repAudit(moved));

    // Assess
    const items = await itemsUnder(keys.rep('dave').pk, SORT_KEY_PREFIX.repVersion);
    expect(items).toEqual([
      {
        ...keys.repVersion('dave', 1),
        type: 'RepTeamVersion',
        repId: 'dave',
        version: 1,
        updatedAt: '2016-01-04T09:00:00.000Z',
        teamId: 'emea',
      },
      {
        ...keys.repVersion('dave', 2),
        type: 'RepTeamVersion',
        repId: 'dave',
        version: 2,
        updatedAt: '2016-06-01T00:00:00.000Z',
        teamId: 'americas',
      },
    ]);
    expect(items.map(repTeamVersionFromItem)).toEqual([
      { repId: 'dave', version: 1, updatedAt: '2016-01-04T09:00:00.000Z', teamId: 'emea' },
      { repId: 'dave', version: 2, updatedAt: '2016-06-01T00:00:00.000Z', teamId: 'americas' },
    ]);
    expect(await store.get('dave')).toEqual(moved);
  });

  it('gives one of two racing creators a ConflictError and stores only the winner, in both items', async () => {
    // Prepare
    const store = new RepStore(table.dependencies());
    const creators: Rep[] = ['north', 'south'].map((teamId) => ({ ...dave, id: 'erin', email: 'erin@example.com', name: 'Erin', teamId }));

    // Act
    const outcomes = await Promise.allSettled(creators.map((rep) => store.save(rep, null, repAudit(rep))));

    // Assess
    const winners = creators.filter((_, index) => outcomes[index]?.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected').map((loser) => loser.reason)).toEqual([expect.any(ConflictError)]);
    expect(await store.get('erin')).toEqual(winners[0]);
    const items = await itemsUnder(keys.rep('erin').pk, SORT_KEY_PREFIX.repVersion);
    expect(items.map(repTeamVersionFromItem)).toEqual([
      { repId: 'erin', version: 1, updatedAt: dave.updatedAt, teamId: winners[0]?.teamId },
    ]);
  });

  it('writes neither item for a stale version', async () => {
    // Prepare: dave is at version 2; a writer read version 1 and would write a version 3.
    const store = new RepStore(table.dependencies());
    const stored = await store.get('dave');

    // Act
    const third = { ...dave, teamId: 'apac', version: 3, updatedAt: '2016-07-01T00:00:00.000Z' };
    const saving = store.save(third, 1, repAudit(third));

    // Assess
    await expect(saving).rejects.toThrow(ConflictError);
    expect(await store.get('dave')).toEqual(stored);
    expect(await itemAt(keys.repVersion('dave', 3))).toBeUndefined();
  });

  it('refuses a version item without a team as corrupt', async () => {
    // Prepare: written around the store.
    const key = keys.repVersion('ghost', 1);
    await table.documentClient.send(
      new PutCommand({ TableName: table.tableName, Item: { ...key, repId: 'ghost', version: 1, updatedAt: '2016-01-04T09:00:00.000Z' } }),
    );

    // Act
    const item = await itemAt(key);

    // Assess
    expect(() => repTeamVersionFromItem(item ?? {})).toThrow(CorruptItemError);
  });
});
