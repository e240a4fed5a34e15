/**
 * Commission levels under concurrent admins, If-Match, and large timelines, through the
 * real API handler against DynamoDB Local.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TIMELINE_ENTRIES } from '#core/commission/commission-levels-timeline.js';
import { CommissionLevelsStore } from '#functions/commission/commission-levels-store.js';
import { keys } from '#functions/store/keys.js';
import type { ApiCall, ApiReply } from '../support/api-requests.js';
import type { TestTable } from '../support/dynamodb-local.js';
import { fixedClock } from '../support/fixed-clock.js';
import { startTwoAdmins } from '../support/two-admins.js';

const rate = (ratePercent: number) => [{ from: 0, to: null, ratePercent }];
const BASE = rate(10);
const TRIALS = 20;
/** The slow tests make hundreds of sequential requests; the machine may be shared. */
const SLOW = { timeout: 120_000 };
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];

let table: TestTable;
/** The organisation's first admin, and a second admin racing them. */
let admin: ApiCall;
let otherAdmin: ApiCall;
const clock = fixedClock('2026-01-15T09:00:00.000Z');

beforeAll(async () => {
  ({ table, admin, otherAdmin } = await startTwoAdmins('commission-levels-concurrency', clock));
});

afterAll(async () => {
  await table?.delete();
});

async function addRep(repId: string): Promise<void> {
  expect(
    (await admin({ method: 'PUT', path: `/reps/${repId}`, body: { name: repId, email: `${repId}@example.com`, teamId: 'company' } }))
      .status,
  ).toBe(201);
}

/** The general rate in force in each of MONTHS (null: no levels). */
async function ratesOf(repId: string): Promise<(number | null)[]> {
  const rates: (number | null)[] = [];
  for (const month of MONTHS) {
    const reply = await admin({ method: 'GET', path: `/reps/${repId}/commission-levels?month=${month}` });
    expect(reply.status).toBe(200);
    rates.push(reply.body.levels.general?.[0]?.ratePercent ?? null);
  }
  return rates;
}

interface AuditedLevels {
  readonly before: unknown;
  readonly after: unknown;
}

/** The rep's whole commission-levels trail, every page. */
async function trailOf(repId: string): Promise<AuditedLevels[]> {
  const entries: AuditedLevels[] = [];
  let cursor: string | null = null;
  do {
    const reply: ApiReply = await admin({
      method: 'GET',
      path: `/audit?kind=commission-levels&id=${repId}&from=2026-01-01&to=2026-12-31&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    });
    expect(reply.status).toBe(200);
    entries.push(...reply.body.items);
    cursor = reply.body.nextCursor;
  } while (cursor);
  return entries;
}

/**
 * The entries in an order where each one's `before` is the previous one's `after`,
 * starting from nothing; fails when there is none (an entry recorded a stale before).
 */
function chainOf(entries: readonly AuditedLevels[]): AuditedLevels[] {
  const remaining = [...entries];
  const chain: AuditedLevels[] = [];
  let state: unknown = null;
  while (remaining.length > 0) {
    const next = remaining.findIndex((entry) => canonical(entry.before) === canonical(state));
    expect(next, `an audit entry whose before is ${JSON.stringify(state)} among ${JSON.stringify(remaining)}`).toBeGreaterThanOrEqual(0);
    const [entry] = remaining.splice(next, 1);
    chain.push(entry as AuditedLevels);
    state = (entry as AuditedLevels).after;
  }
  return chain;
}

/** JSON with sorted keys: DynamoDB keeps no attribute order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1)))
      : inner,
  );
}

/** `count` consecutive months from month number `first` (year * 12 + month index). */
function months(first: number, count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const month = first + index;
    return `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
  });
}

function expectProblem(reply: ApiReply, status: number): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.headers['content-type']).toContain('application/problem+json');
}

describe('two admins change the same rep at once', () => {
  // A sets February-April to 20 %, B sets March to 30 %, over 10 % from January on.
  const februaryToApril = (repId: string) => ({ repId, fromMonth: '2026-02', toMonth: '2026-04', bands: rate(20) });
  const marchOnly = (repId: string) => ({ repId, fromMonth: '2026-03', toMonth: '2026-03', bands: rate(30) });
  // January..June in force after each possible serial order (or one write alone).
  const SERIAL = {
    'A then B': [10, 20, 30, 20, 10, 10],
    'B then A': [10, 20, 20, 20, 10, 10],
    'A alone': [10, 20, 20, 20, 10, 10],
    'B alone': [10, 10, 30, 10, 10, 10],
  };

  it(
    `in ${TRIALS} trials every outcome is a serial order, and every audit entry's before is what the previous write left`,
    SLOW,
    async () => {
      const outcomes: string[] = [];
      for (let trial = 0; trial < TRIALS; trial++) {
        // Prepare
        const repId = `race-${trial}`;
        await addRep(repId);
        expect(
          (await admin({ method: 'PUT', path: '/commission-levels', body: { repId, fromMonth: '2026-01', bands: BASE } })).status,
        ).toBe(200);

        // Act
        const [a, b] = await Promise.all([
          admin({ method: 'PUT', path: '/commission-levels', body: februaryToApril(repId) }),
          otherAdmin({ method: 'PUT', path: '/commission-levels', body: marchOnly(repId) }),
        ]);

        // Assess
        for (const reply of [a, b]) {
          expect([200, 409], JSON.stringify(reply.body)).toContain(reply.status);
          if (reply.status === 409) expectProblem(reply, 409);
        }
        const rates = await ratesOf(repId);
        const allowed =
          a.status === 200 && b.status === 200
            ? [SERIAL['A then B'], SERIAL['B then A']]
            : a.status === 200
              ? [SERIAL['A alone']]
              : [SERIAL['B alone']];
        expect(allowed, `trial ${trial}: A ${a.status}, B ${b.status}, January..June ${JSON.stringify(rates)}`).toContainEqual(rates);

        const chain = chainOf(await trailOf(repId));
        expect(chain).toHaveLength(1 + [a, b].filter((reply) => reply.status === 200).length);
        // The last entry's after is the timeline the PUT that made it answered, and what is stored.
        const last = chain.at(-1)?.after as { entries: { fromMonth: string; bands: { ratePercent: number }[] }[] };
        const lastEntry = [a, b].find(
          (reply) =>
            reply.status === 200 &&
            canonical(reply.body.entries.map(({ fromMonth, bands }: { fromMonth: string; bands: unknown }) => ({ fromMonth, bands }))) ===
              canonical(last.entries),
        );
        expect(lastEntry, `trial ${trial}: the last audit entry is the answer of one of the writes`).toBeDefined();
        outcomes.push(`${a.status}/${b.status} ${JSON.stringify(rates)}`);
      }
      // What happened, for the record: retries make most trials 200/200.
      const counts = new Map<string, number>();
      for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
      console.info(`commission levels race, ${TRIALS} trials:`, [...counts].map(([outcome, count]) => `${count}× ${outcome}`).join('; '));
    },
  );
});

describe('If-Match and ETag', () => {
  it('GET and PUT answer the ETag of the timeline; a stale If-Match is 409 and writes nothing', async () => {
    // Prepare
    await addRep('etag');
    const none = await admin({ method: 'GET', path: '/reps/etag/commission-levels?month=2026-03' });
    expect(none.status).toBe(200);
    expect(none.headers.etag).toBeUndefined();

    // Act + Assess: the first write makes version 1
    const first = await admin({ method: 'PUT', path: '/commission-levels', body: { repId: 'etag', fromMonth: '2026-01', bands: BASE } });
    expect(first.status).toBe(200);
    expect(first.headers.etag).toBe('"1"');
    expect((await admin({ method: 'GET', path: '/reps/etag/commission-levels?month=2026-03' })).headers.etag).toBe('"1"');

    // a write based on version 1 succeeds; one still based on 1 is refused
    const second = await admin({
      method: 'PUT',
      path: '/commission-levels',
      headers: { 'if-match': '"1"' },
      body: { repId: 'etag', fromMonth: '2026-03', toMonth: '2026-03', bands: rate(30) },
    });
    expect(second.status).toBe(200);
    expect(second.headers.etag).toBe('"2"');
    const trailBefore = await trailOf('etag');
    const stale = await otherAdmin({
      method: 'PUT',
      path: '/commission-levels',
      headers: { 'if-match': '"1"' },
      body: { repId: 'etag', fromMonth: '2026-02', toMonth: '2026-04', bands: rate(20) },
    });
    expectProblem(stale, 409);
    expect(await ratesOf('etag')).toEqual([10, 10, 30, 10, 10, 10]);
    expect(await trailOf('etag')).toEqual(trailBefore);

    // a repeat writes nothing and keeps the version; If-Match: * needs a timeline
    const repeat = await admin({
      method: 'PUT',
      path: '/commission-levels',
      headers: { 'if-match': '*' },
      body: { repId: 'etag', fromMonth: '2026-03', toMonth: '2026-03', bands: rate(30) },
    });
    expect(repeat.status).toBe(200);
    expect(repeat.headers.etag).toBe('"2"');
    await addRep('etag-none');
    expectProblem(
      await admin({
        method: 'PUT',
        path: '/commission-levels',
        headers: { 'if-match': '*' },
        body: { repId: 'etag-none', fromMonth: '2026-01', bands: BASE },
      }),
      409,
    );
    expect((await admin({ method: 'GET', path: '/reps/etag-none/commission-levels?month=2026-03' })).body.levels.general).toBeNull();
  });
});

describe('two admins change the same rep at once, each with If-Match', () => {
  it('one wins, the other is 409 (no retry: its change was based on the version it read)', async () => {
    for (let trial = 0; trial < 5; trial++) {
      // Prepare
      const repId = `if-match-race-${trial}`;
      await addRep(repId);
      const base = await admin({ method: 'PUT', path: '/commission-levels', body: { repId, fromMonth: '2026-01', bands: BASE } });
      const ifMatch = { 'if-match': base.headers.etag as string };

      // Act
      const replies = await Promise.all([
        admin({
          method: 'PUT',
          path: '/commission-levels',
          headers: ifMatch,
          body: { repId, fromMonth: '2026-02', toMonth: '2026-04', bands: rate(20) },
        }),
        otherAdmin({
          method: 'PUT',
          path: '/commission-levels',
          headers: ifMatch,
          body: { repId, fromMonth: '2026-03', toMonth: '2026-03', bands: rate(30) },
        }),
      ]);

      // Assess
      expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409]);
      expectProblem(replies.find((reply) => reply.status === 409) as ApiReply, 409);
      expect(chainOf(await trailOf(repId))).toHaveLength(2);
      expect(await ratesOf(repId)).toEqual(replies[0]?.status === 200 ? [10, 20, 20, 20, 10, 10] : [10, 10, 30, 10, 10, 10]);
    }
  });
});

describe('large timelines', () => {
  it('a range write that replaces 120 entries is one write (no transaction limit)', SLOW, async () => {
    // Prepare: a change in each of 120 months, 2016-01..2025-12
    await addRep('big');
    const decade = months(2016 * 12, 120);
    for (const [index, fromMonth] of decade.entries()) {
      const reply = await admin({
        method: 'PUT',
        path: '/commission-levels',
        body: { repId: 'big', fromMonth, bands: rate(1 + (index % 2)) },
      });
      expect(reply.status).toBe(200);
    }

    // Act
    const reply = await admin({
      method: 'PUT',
      path: '/commission-levels',
      body: { repId: 'big', fromMonth: '2016-01', toMonth: '2025-12', bands: rate(7) },
    });

    // Assess
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.entries).toEqual([
      { productFamily: null, fromMonth: '2016-01', bands: rate(7) },
      { productFamily: null, fromMonth: '2026-01', bands: rate(2) },
    ]);
    const inForce = async (month: string) =>
      (await admin({ method: 'GET', path: `/reps/big/commission-levels?month=${month}` })).body.levels.general;
    expect(await inForce('2020-06')).toEqual(rate(7));
    expect(await inForce('2026-06')).toEqual(rate(2));
    const trail = chainOf(await trailOf('big'));
    expect(trail).toHaveLength(121);
  });

  it(`a write that would make a timeline longer than ${MAX_TIMELINE_ENTRIES} entries is refused with 422 saying why`, SLOW, async () => {
    // Prepare: a full timeline, one entry per month
    await addRep('full');
    for (const fromMonth of months(2000 * 12, MAX_TIMELINE_ENTRIES)) {
      expect(
        (
          await admin({
            method: 'PUT',
            path: '/commission-levels',
            body: { repId: 'full', fromMonth, bands: rate(fromMonth.endsWith('1') ? 3 : 4) },
          })
        ).status,
      ).toBe(200);
    }

    // Act
    const reply = await admin({ method: 'PUT', path: '/commission-levels', body: { repId: 'full', fromMonth: '2040-01', bands: rate(9) } });

    // Assess: refused, nothing written; a write that merges entries still works
    expectProblem(reply, 422);
    expect(reply.body.errors).toEqual([
      { field: 'fromMonth', message: expect.stringMatching(new RegExp(`at most ${MAX_TIMELINE_ENTRIES} entries`)) },
    ]);
    expect((await admin({ method: 'GET', path: '/reps/full/commission-levels?month=2040-01' })).body.levels.general).not.toEqual(rate(9));
    expect(
      (
        await admin({
          method: 'PUT',
          path: '/commission-levels',
          body: { repId: 'full', fromMonth: '2000-01', toMonth: '2009-12', bands: rate(5) },
        })
      ).status,
    ).toBe(200);
    expect(
      (await admin({ method: 'PUT', path: '/commission-levels', body: { repId: 'full', fromMonth: '2040-01', bands: rate(9) } })).status,
    ).toBe(200);
  });
});

describe('the bound holds at its worst', () => {
  // 20 bands of 13-digit amounts and six-digit rates, a family of 64 three-byte characters.
  const family = '€'.repeat(64);
  const bands = Array.from({ length: 20 }, (_, index) => ({
    from: index === 0 ? 0 : 1_234_567_890_123 + (index - 1) * 111_111_111_111,
    to: index === 19 ? null : 1_234_567_890_123 + index * 111_111_111_111,
    ratePercent: 12.3456 + index * 4,
  }));
  const entriesOf = (count: number) => months(1900 * 12, count).map((fromMonth) => ({ productFamily: family, fromMonth, bands }));
  const state = (count: number) => ({ productFamily: family, entries: entriesOf(count).map(({ fromMonth }) => ({ fromMonth, bands })) });
  const audit = (count: number) => ({
    at: '2026-01-15T09:00:00.000Z',
    actor: { repId: 'admin', role: 'admin' as const },
    subject: { kind: 'commission-levels' as const, id: 'worst' },
    action: 'updated' as const,
    before: state(count),
    after: state(count),
  });

  it(
    `${MAX_TIMELINE_ENTRIES} of the largest entries, and their audit entry, fit in DynamoDB items (twice as many do not)`,
    SLOW,
    async () => {
      const store = new CommissionLevelsStore(table.dependencies(clock));
      await store.save('worst', { entries: entriesOf(MAX_TIMELINE_ENTRIES), version: 1 }, 0, audit(MAX_TIMELINE_ENTRIES));
      expect((await store.timeline('worst')).entries).toHaveLength(MAX_TIMELINE_ENTRIES);
      // DynamoDB Local enforces the 400 KB limit too, so the write above proves the bound.
      await expect(
        store.save('worst', { entries: entriesOf(2 * MAX_TIMELINE_ENTRIES), version: 2 }, 1, audit(MAX_TIMELINE_ENTRIES)),
      ).rejects.toThrow(/size/i);
      await expect(store.save('worst', { entries: entriesOf(1), version: 2 }, 1, audit(2 * MAX_TIMELINE_ENTRIES))).rejects.toThrow(/size/i);
    },
  );
});

describe('levels stored one item per entry (before timelines were versioned)', () => {
  it('are read as they were, and folded into the timeline by the next write', async () => {
    // Prepare: entries as the previous layout wrote them
    await addRep('legacy');
    for (const [fromMonth, ratePercent] of [
      ['2026-01', 10],
      ['2026-03', 30],
      ['2026-04', 10],
    ] as const) {
      await table.documentClient.send(
        new PutCommand({
          TableName: table.tableName,
          Item: {
            pk: 'REP#legacy',
            sk: `LEVELS#G#${fromMonth}`,
            type: 'CommissionLevels',
            repId: 'legacy',
            productFamily: null,
            fromMonth,
            bands: rate(ratePercent),
          },
        }),
      );
    }
    expect(await ratesOf('legacy')).toEqual([10, 10, 30, 10, 10, 10]);

    // Act
    const reply = await admin({
      method: 'PUT',
      path: '/commission-levels',
      body: { repId: 'legacy', fromMonth: '2026-02', toMonth: '2026-02', bands: rate(20) },
    });

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.headers.etag).toBe('"1"');
    expect(await ratesOf('legacy')).toEqual([10, 20, 30, 10, 10, 10]);
    const stored = await table.documentClient.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :levels)',
        ExpressionAttributeValues: { ':pk': 'REP#legacy', ':levels': 'LEVELS' },
      }),
    );
    expect(stored.Items?.map((item) => item.sk)).toEqual([keys.commissionLevelsTimeline('legacy').sk]);
  });
});
