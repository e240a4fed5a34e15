/**
 * The company settings under concurrent admins and If-Match, through the real API handler
 * against DynamoDB Local.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LEAD_SOURCES } from '#core/organisation/settings.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { type ApiCall, type ApiReply, apiClientOf } from '../support/api-requests.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { silentLogger } from '../support/engine-harness.js';
import { fixedClock } from '../support/fixed-clock.js';
import { bootstrapTestOrganisation } from '../support/test-organisation.js';
import { startTwoAdmins } from '../support/two-admins.js';

const TRIALS = 20;
/** The currency and locale of settings that never named them. */
const BRITISH = { currency: 'GBP', locale: 'en-GB', leadSources: DEFAULT_LEAD_SOURCES };

let table: TestTable;
let admin: ApiCall;
let otherAdmin: ApiCall;
const clock = fixedClock('2026-01-15T09:00:00.000Z');

beforeAll(async () => {
  ({ table, admin, otherAdmin } = await startTwoAdmins('settings-concurrency', clock));
});

afterAll(async () => {
  await table?.delete();
});

interface AuditedSettings {
  readonly at: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** The settings entries recorded in [from, to). */
async function trailBetween(from: string, to: string): Promise<AuditedSettings[]> {
  const reply = await admin({ method: 'GET', path: `/audit?kind=settings&id=settings&from=${from}&to=${to}&limit=200` });
  expect(reply.status).toBe(200);
  return reply.body.items;
}

/** JSON with sorted keys: DynamoDB keeps no attribute order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1)))
      : inner,
  );
}

function expectProblem(reply: ApiReply, status: number): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.headers['content-type']).toContain('application/problem+json');
}

describe('two admins replace the settings at once', () => {
  it(`in ${TRIALS} trials the settings are the winner's, and every audit entry's before is what was stored`, {
    timeout: 120_000,
  }, async () => {
    const outcomes: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      // Prepare: each trial at its own minute, so its audit entries can be told apart
      const at = new Date(Date.UTC(2026, 0, 15, 10, trial)).toISOString();
      clock.set(at);
      const start = (await admin({ method: 'GET', path: '/settings' })).body;
      const a = { fiscalYearStartMonth: (trial % 12) + 1, managers: { editDeals: trial % 2 === 0, editTargets: false } };
      const b = { fiscalYearStartMonth: ((trial + 6) % 12) + 1, managers: { editDeals: false, editTargets: trial % 2 === 0 } };

      // Act
      const [first, second] = await Promise.all([
        admin({ method: 'PUT', path: '/settings', body: a }),
        otherAdmin({ method: 'PUT', path: '/settings', body: b }),
      ]);

      // Assess: at least one wins; a loser is a 409 problem; the stored settings are the last winner's
      for (const reply of [first, second]) {
        expect([200, 409], JSON.stringify(reply.body)).toContain(reply.status);
        if (reply.status === 409) expectProblem(reply, 409);
      }
      const winners = [first, second].filter((reply) => reply.status === 200);
      expect(winners.length).toBeGreaterThan(0);
      const stored = (await admin({ method: 'GET', path: '/settings' })).body;
      expect(winners.map((reply) => reply.body)).toContainEqual(stored);

      // the entries chain from what was stored before the trial to what is stored now
      const entries = await trailBetween(at, new Date(Date.parse(at) + 60_000).toISOString());
      expect(entries, `trial ${trial}: one entry per winner`).toHaveLength(winners.length);
      let state: unknown = start;
      const remaining = [...entries];
      while (remaining.length > 0) {
        const next = remaining.findIndex((entry) => canonical(entry.before) === canonical(state));
        expect(
          next,
          `trial ${trial}: an entry whose before is ${JSON.stringify(state)} among ${JSON.stringify(remaining)}`,
        ).toBeGreaterThanOrEqual(0);
        state = remaining.splice(next, 1)[0]?.after;
      }
      expect(state).toEqual(stored);
      outcomes.push(`${first.status}/${second.status}`);
    }
    const counts = new Map<string, number>();
    for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    console.info(`settings race, ${TRIALS} trials:`, [...counts].map(([outcome, count]) => `${count}× ${outcome}`).join('; '));
  });
});

describe('If-Match and ETag', () => {
  it('GET and PUT answer the ETag of the settings; a stale If-Match is 409 and writes nothing', async () => {
    // Prepare
    clock.set('2026-02-01T09:00:00.000Z');
    const read = await admin({ method: 'GET', path: '/settings' });
    expect(read.headers.etag).toMatch(/^"\d+"$/);
    const version = Number(JSON.parse(read.headers.etag as string));

    // Act
    const based = await admin({
      method: 'PUT',
      path: '/settings',
      headers: { 'if-match': read.headers.etag as string },
      body: { fiscalYearStartMonth: 4, managers: { editDeals: true, editTargets: true } },
    });
    const stale = await otherAdmin({
      method: 'PUT',
      path: '/settings',
      headers: { 'if-match': read.headers.etag as string },
      body: { fiscalYearStartMonth: 7 },
    });

    // Assess
    expect(based.status).toBe(200);
    expect(based.headers.etag).toBe(`"${version + 1}"`);
    expectProblem(stale, 409);
    const after = await admin({ method: 'GET', path: '/settings' });
    expect(after.body).toEqual({ fiscalYearStartMonth: 4, managers: { editDeals: true, editTargets: true }, ...BRITISH });
    expect(after.headers.etag).toBe(`"${version + 1}"`);
    expect(await trailBetween('2026-02-01', '2026-02-02')).toHaveLength(1);

    // a repeat writes nothing and keeps the version
    const repeat = await admin({
      method: 'PUT',
      path: '/settings',
      headers: { 'if-match': after.headers.etag as string },
      body: { fiscalYearStartMonth: 4, managers: { editDeals: true, editTargets: true } },
    });
    expect(repeat.status).toBe(200);
    expect(repeat.headers.etag).toBe(`"${version + 1}"`);
  });

  it('before the settings are first written (or while they are as written before versions) there is no ETag, and If-Match: * is refused', async () => {
    const fresh = await createTestTable('settings-fresh');
    try {
      const deps = fresh.dependencies(clock);
      await bootstrapTestOrganisation(deps);
      const call = apiClientOf(createApiHandler(deps, { logger: silentLogger }));
      const read = await call({ method: 'GET', path: '/settings' });
      expect(read.status).toBe(200);
      expect(read.headers.etag).toBeUndefined();
      expectProblem(await call({ method: 'PUT', path: '/settings', headers: { 'if-match': '*' }, body: { fiscalYearStartMonth: 4 } }), 409);

      // settings written before they were versioned count as never written, and can be replaced
      const legacy = { fiscalYearStartMonth: 3, managers: { editDeals: true, editTargets: false } };
      await fresh.documentClient.send(
        new PutCommand({ TableName: fresh.tableName, Item: { pk: 'CONFIG', sk: 'SETTINGS', type: 'Settings', ...legacy } }),
      );
      const unversioned = await call({ method: 'GET', path: '/settings' });
      // and, written before the currency and locale existed, read as the seed company's pounds written the British way
      expect(unversioned.body).toEqual({ ...legacy, ...BRITISH });
      expect(unversioned.headers.etag).toBeUndefined();
      const first = await call({ method: 'PUT', path: '/settings', body: { fiscalYearStartMonth: 4 } });
      expect(first.status).toBe(200);
      expect(first.headers.etag).toBe('"1"');
      expect((await call({ method: 'GET', path: '/settings' })).body).toEqual({
        fiscalYearStartMonth: 4,
        managers: { editDeals: false, editTargets: false },
        ...BRITISH,
      });
    } finally {
      await fresh.delete();
    }
  });
});
