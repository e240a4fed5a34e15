/**
 * Backfill on DynamoDB Local through the real API and stream handlers: importing deals with
 * their field history gives what live updates of the same changes gave.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '#functions/store/keys.js';
import { SEED_BANDS } from '#local/demo/demo-dataset.js';
import { type Engine, engineOnNewTable } from '../support/engine-on-table.js';

const SETUP_AT = '2016-01-04T09:00:00.000Z';
const READ_AT = '2016-06-01T00:00:00.000Z';

const acme = { name: 'Acme renewal', account: 'Acme', ownerId: 'dave', stageId: 'prospecting', closeDate: '2016-02-10', amount: 1_000_000 };
const globex = {
  name: 'Globex licence',
  account: 'Globex',
  ownerId: 'dave',
  stageId: 'negotiation',
  closeDate: '2016-02-20',
  amount: 3_000_000,
};

/** The live path: each change through the API at its own instant. */
const LIVE_CHANGES: Array<[path: string, body: Record<string, unknown>, at: string]> = [
  ['/opportunities/acme', acme, '2016-01-05T09:00:00.000Z'],
  ['/opportunities/globex', globex, '2016-01-10T09:00:00.000Z'],
  ['/opportunities/acme', { ...acme, closeDate: '2016-02-25' }, '2016-01-20T10:00:00.000Z'],
  ['/opportunities/acme', { ...acme, closeDate: '2016-03-05', stageId: 'proposal-made' }, '2016-02-03T10:00:00.000Z'],
  ['/opportunities/acme', { ...acme, closeDate: '2016-02-28', stageId: 'proposal-made', amount: 1_200_000 }, '2016-02-10T10:00:00.000Z'],
  ['/opportunities/globex', { ...globex, stageId: 'closed-won' }, '2016-02-12T15:00:00.000Z'],
  [
    '/opportunities/acme',
    { ...acme, closeDate: '2016-04-01', stageId: 'proposal-made', amount: 1_200_000, ownerId: 'erin' },
    '2016-02-20T10:00:00.000Z',
  ],
  [
    '/opportunities/acme',
    { ...acme, closeDate: '2016-04-01', stageId: 'negotiation', amount: 1_200_000, ownerId: 'erin' },
    '2016-03-15T10:00:00.000Z',
  ],
];

/** The same deals as a CRM export gives them: the final state, and the field history in its vocabulary. */
const IMPORT = {
  opportunities: [
    {
      row: 2,
      id: 'acme',
      ...acme,
      closeDate: '2016-04-01',
      stageId: 'Negotiation',
      amount: 1_200_000,
      ownerId: 'erin',
      createdAt: '2016-01-05T09:00:00.000Z',
    },
    { row: 3, id: 'globex', ...globex, stageId: 'Closed Won', createdAt: '2016-01-10T09:00:00.000Z' },
  ],
  history: [
    {
      row: 2,
      opportunityId: 'acme',
      field: 'CloseDate',
      oldValue: '2016-02-10',
      newValue: '2016-02-25',
      changedAt: '2016-01-20T10:00:00Z',
    },
    {
      row: 3,
      opportunityId: 'acme',
      field: 'CloseDate',
      oldValue: '2016-02-25',
      newValue: '2016-03-05',
      changedAt: '2016-02-03T10:00:00Z',
    },
    {
      row: 4,
      opportunityId: 'acme',
      field: 'StageName',
      oldValue: 'Prospecting',
      newValue: 'Proposal Made',
      changedAt: '2016-02-03T10:00:00Z',
    },
    {
      row: 5,
      opportunityId: 'acme',
      field: 'CloseDate',
      oldValue: '2016-03-05',
      newValue: '2016-02-28',
      changedAt: '2016-02-10T10:00:00Z',
    },
    { row: 6, opportunityId: 'acme', field: 'Amount', oldValue: 1_000_000, newValue: 1_200_000, changedAt: '2016-02-10T10:00:00Z' },
    {
      row: 7,
      opportunityId: 'globex',
      field: 'StageName',
      oldValue: 'Negotiation',
      newValue: 'Closed Won',
      changedAt: '2016-02-12T15:00:00Z',
    },
    {
      row: 8,
      opportunityId: 'acme',
      field: 'CloseDate',
      oldValue: '2016-02-28',
      newValue: '2016-04-01',
      changedAt: '2016-02-20T10:00:00Z',
    },
    { row: 9, opportunityId: 'acme', field: 'OwnerId', oldValue: 'dave', newValue: 'erin', changedAt: '2016-02-20T10:00:00Z' },
    {
      row: 10,
      opportunityId: 'acme',
      field: 'StageName',
      oldValue: 'Proposal Made',
      newValue: 'Negotiation',
      changedAt: '2016-03-15T10:00:00Z',
    },
  ],
};

async function organisation(engine: Engine): Promise<void> {
  await engine.put('/teams/company', { name: 'Acme Software Ltd', parentTeamId: null }, SETUP_AT);
  await engine.put('/teams/emea', { name: 'EMEA', parentTeamId: 'company' }, SETUP_AT);
  await engine.put('/reps/dave', { name: 'Dave Apthorp', email: 'dave@example.com', teamId: 'emea' }, SETUP_AT);
  await engine.put('/reps/erin', { name: 'Erin Kaur', email: 'erin@example.com', teamId: 'emea' }, SETUP_AT);
  for (const repId of ['dave', 'erin'])
    await engine.put('/commission-levels', { repId, fromMonth: '2016-01', bands: SEED_BANDS }, SETUP_AT);
  await engine.put('/targets', { ownerType: 'rep', ownerId: 'dave', amounts: { '2016-02': 10_000_000 } }, SETUP_AT);
  await engine.put('/targets', { ownerType: 'rep', ownerId: 'erin', amounts: { '2016-04': 5_000_000 } }, SETUP_AT);
}

async function liveLink(engine: Engine, repId: string, month: string, opportunityId: string) {
  const { Item } = await engine.table.documentClient
    .send(
      new QueryCommand({
        TableName: engine.table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: {
          ':pk': keys.dealLink({ repId, month }, opportunityId).pk,
          ':sk': keys.dealLink({ repId, month }, opportunityId).sk,
        },
      }),
    )
    .then((result) => ({ Item: result.Items?.[0] }));
  return Item;
}

function fieldHistoryOf(items: Record<string, unknown>[]) {
  return items
    .filter((item) => item.type === 'FieldChange')
    .map(({ opportunityId, field, oldValue, newValue, changedAt, version }) => ({
      opportunityId,
      field,
      oldValue,
      newValue,
      changedAt,
      version,
    }));
}

let live: Engine;
let backfill: Engine;

beforeAll(async () => {
  [live, backfill] = await Promise.all([engineOnNewTable('backfill-live', SETUP_AT), engineOnNewTable('backfill-import', SETUP_AT)]);
  await Promise.all([organisation(live), organisation(backfill)]);
  for (const [path, body, at] of LIVE_CHANGES) await live.put(path, body, at);
  await live.settle();
}, 120_000);

afterAll(async () => {
  await Promise.all([live?.stop(), backfill?.stop()]);
});

describe('backfill through the API and the stream', () => {
  it('gives the same field history, quality counters and rep-month figures as live updates of the same changes', async () => {
    // Act
    backfill.clock.set(READ_AT);
    const reply = await backfill.api({ method: 'POST', path: '/imports/opportunities', body: IMPORT });
    await backfill.settle();

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      opportunities: { accepted: 2, unchanged: 0, rejected: 0 },
      history: { accepted: 9, unchanged: 0, rejected: 0 },
      rejections: [],
      snapshotsStaleFrom: '2016-01-05T09:00:00.000Z',
    });
    const [liveItems, importedItems] = await Promise.all([live.items(), backfill.items()]);
    expect(fieldHistoryOf(importedItems)).toEqual(fieldHistoryOf(liveItems));

    const [liveAcme, importedAcme] = await Promise.all([
      liveLink(live, 'erin', '2016-04', 'acme'),
      liveLink(backfill, 'erin', '2016-04', 'acme'),
    ]);
    expect(importedAcme?.quality).toEqual({
      createdAt: '2016-01-05T09:00:00.000Z',
      closeMonthExtensions: 2,
      lastStageChangeAt: '2016-03-15T10:00:00.000Z',
      closedAt: null,
    });
    expect(importedAcme?.quality).toEqual(liveAcme?.quality);
    expect(importedAcme?.version).toBe(liveAcme?.version);
    const [liveGlobex, importedGlobex] = await Promise.all([
      liveLink(live, 'dave', '2016-02', 'globex'),
      liveLink(backfill, 'dave', '2016-02', 'globex'),
    ]);
    expect(importedGlobex?.quality).toEqual(liveGlobex?.quality);
    expect(importedGlobex?.quality.closedAt).toBe('2016-02-12T15:00:00.000Z');

    live.clock.set(READ_AT);
    for (const path of [
      '/reps/erin/months/2016-04',
      '/reps/dave/months/2016-02',
      '/opportunities/acme?asOf=2016-05-01T00:00:00Z',
      '/quality?month=2016-04&teamId=emea',
    ]) {
      const [fromLive, fromImport] = await Promise.all([live.api({ method: 'GET', path }), backfill.api({ method: 'GET', path })]);
      expect(fromImport.status, path).toBe(200);
      const { opportunity: _liveOpportunity, ...liveBody } = fromLive.body;
      const { opportunity: _importedOpportunity, ...importedBody } = fromImport.body;
      expect(importedBody, path).toEqual(liveBody);
    }
  });

  it('changes nothing when the same rows are imported again: no item, no stream record', async () => {
    // Prepare
    const itemsBefore = await backfill.items();
    const recordsBefore = backfill.poller.stats().recordsRead;

    // Act
    const reply = await backfill.api({ method: 'POST', path: '/imports/opportunities', body: IMPORT });
    await backfill.settle();

    // Assess
    expect(reply.body).toEqual({
      opportunities: { accepted: 0, unchanged: 2, rejected: 0 },
      history: { accepted: 0, unchanged: 9, rejected: 0 },
      rejections: [],
      snapshotsStaleFrom: null,
    });
    expect(await backfill.items()).toEqual(itemsBefore);
    expect(backfill.poller.stats().recordsRead).toBe(recordsBefore);
  });

  it('reports rejected rows with their row numbers while applying the valid ones', async () => {
    // Prepare
    const body = {
      opportunities: [
        {
          row: 2,
          id: 'initech',
          name: 'Initech rollout',
          account: 'Initech',
          ownerId: 'dave',
          stageId: 'Prospecting',
          closeDate: '2016-05-20',
          amount: 500_000,
          createdAt: '2016-03-01T09:00:00.000Z',
        },
        {
          row: 3,
          id: 'hooli',
          name: 'Hooli pilot',
          account: 'Hooli',
          ownerId: 'dave',
          stageId: 'prospecting',
          closeDate: 'soon',
          amount: 100,
          createdAt: '2016-03-01T09:00:00.000Z',
        },
        { row: 4, id: 'acme', ...acme, createdAt: '2016-01-05T09:00:00.000Z' },
      ],
      history: [
        {
          row: 2,
          opportunityId: 'initech',
          field: 'CloseDate',
          oldValue: '2016-04-20',
          newValue: '2016-05-20',
          changedAt: '2016-04-01T09:00:00Z',
        },
        { row: 3, opportunityId: 'initech', field: 'NextStep', oldValue: 'call', newValue: 'demo', changedAt: '2016-04-01T09:00:00Z' },
        {
          row: 4,
          opportunityId: 'initech',
          field: 'CloseDate',
          oldValue: '2016-04-20',
          newValue: '2016-05-20',
          changedAt: '2016-04-01T09:00:00Z',
        },
        {
          row: 5,
          opportunityId: 'initech',
          field: 'CloseDate',
          oldValue: '2016-03-20',
          newValue: '2016-04-20',
          changedAt: '2016-02-01T09:00:00Z',
        },
        { row: 6, opportunityId: 'initech', field: 'Amount', oldValue: 400_000, newValue: 500_000, changedAt: '2016-07-01T09:00:00Z' },
        { row: 7, opportunityId: 'nobody', field: 'Amount', oldValue: 1, newValue: 2, changedAt: '2016-04-01T09:00:00Z' },
        { row: 8, opportunityId: 'hooli', field: 'Amount', oldValue: 1, newValue: 100, changedAt: '2016-04-01T09:00:00Z' },
      ],
    };

    // Act
    const reply = await backfill.api({ method: 'POST', path: '/imports/opportunities', body });
    await backfill.settle();

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.opportunities).toEqual({ accepted: 1, unchanged: 0, rejected: 2 });
    expect(reply.body.history).toEqual({ accepted: 1, unchanged: 0, rejected: 6 });
    expect(
      reply.body.rejections.map((r: { source: string; row: number; field?: string }) => `${r.source} ${r.row} ${r.field ?? ''}`.trim()),
    ).toEqual([
      'opportunities 3 closeDate',
      'opportunities 4',
      'history 3 field',
      'history 4 row',
      'history 5 changedAt',
      'history 6 changedAt',
      'history 7 opportunityId',
      'history 8 opportunityId',
    ]);
    expect(reply.body.snapshotsStaleFrom).toBe('2016-03-01T09:00:00.000Z');
    const initech = await backfill.api({ method: 'GET', path: '/opportunities/initech?asOf=2016-05-01T00:00:00Z' });
    expect(initech.body.opportunity).toMatchObject({ version: 2, updatedAt: '2016-04-01T09:00:00.000Z' });
    expect(initech.body).toMatchObject({ qualityPending: false, quality: { closeMonthExtensions: 1 } });
  });

  it('refuses a malformed body, naming the field, and writes nothing', async () => {
    const tooMany = { opportunities: Array.from({ length: 501 }, () => ({})), history: [] };
    const reply = await backfill.api({ method: 'POST', path: '/imports/opportunities', body: tooMany });
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((e: { field: string }) => e.field)).toEqual(['opportunities']);
  });
});
