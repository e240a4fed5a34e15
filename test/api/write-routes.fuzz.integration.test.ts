/**
 * Every write route, fuzzed (fast-check) through the real handler against DynamoDB Local,
 * as an admin (who may call them all): a valid body, or one with a field removed, added,
 * or replaced by junk (wrong types, huge or fractional numbers, control characters,
 * bidirectional overrides, lone surrogates, years 0000 and 9999, nested junk). Each answer
 * is one of two things:
 * - a 4xx problem+json (status, title, detail; a 400 or 422 names the offending fields),
 *   and nothing in the table changed;
 * - a 2xx whose write reads back (and the owner's deal list still answers).
 * Never a 5xx.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { MAX_AMOUNT_MINOR } from '#core/shared/common-schemas.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { type ApiCall, type ApiReply, apiClientOf } from '../support/api-requests.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { silentLogger } from '../support/engine-harness.js';
import { fixedClock } from '../support/fixed-clock.js';
import { bootstrapTestOrganisation } from '../support/test-organisation.js';

const RUNS_PER_ROUTE = 60;

let table: TestTable;
let api: ApiCall;
const clock = fixedClock('2026-03-02T09:00:00Z');

beforeAll(async () => {
  table = await createTestTable('write-routes-fuzz');
  await bootstrapTestOrganisation(table.dependencies(clock));
  api = apiClientOf(createApiHandler(table.dependencies(clock), { logger: silentLogger }));
  expect((await api({ method: 'PUT', path: '/teams/north', body: { name: 'North', parentTeamId: 'company' } })).status).toBe(201);
  expect(
    (await api({ method: 'PUT', path: '/reps/dave', body: { name: 'Dave', email: 'dave@example.com', teamId: 'north' } })).status,
  ).toBe(201);
}, 60_000);

afterAll(async () => {
  await table.delete();
});

/** Every item of the table, in key order: equal before and after a refused request. */
async function tableContents(): Promise<string> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.documentClient.send(
      new ScanCommand({ TableName: table.tableName, ConsistentRead: true, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const keyOf = (item: Record<string, unknown>) => `${String(item.pk)}|${String(item.sk)}`;
  return JSON.stringify(items.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0)));
}

type Body = Record<string, unknown>;

/** Values no field expects, or expects only within limits. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'name\u001b[2J',
    'Widgets \u202etxt.exe',
    '\u200b\u200b',
    'half \ud83d',
    '\udc00',
    '9999-12-31',
    '0000-01-01',
    '0000-01',
    '9999-12',
    '2026-02-30',
    '2026-13',
    '2026-03-01T00:00:00+05:00',
    '#',
    'a|b',
    'x'.repeat(300),
    1e13,
    1e13 + 1,
    2 ** 53,
    -1,
    0.5,
    -0,
    true,
    null,
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxKeys: 3 }),
);

/** Numbers at and around the limits: amounts and their sums, percentages, months, integers. */
const numericJunk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(MAX_AMOUNT_MINOR, MAX_AMOUNT_MINOR + 1, MAX_AMOUNT_MINOR - 1, Number.MAX_SAFE_INTEGER, 101, 100, 0, 13, -0.01, 1.005),
  fc.integer({ min: -1, max: MAX_AMOUNT_MINOR + 1 }),
);

/** Text that a name, a date or an id might be, and must not be. */
const textJunk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0007b',
    '\u202eabc',
    '\u2066x',
    ' \u200b ',
    'x\ud800',
    '\udfff',
    '\u0085',
    '1969-12-31',
    '2200-01-01',
    '0000-01-01T00:00:00Z',
    '9999-12',
    '-1',
  ),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

/** Junk shaped like what it replaces more often than not, so limits are reached, not only types. */
function junkFor(original: unknown): fc.Arbitrary<unknown> {
  if (typeof original === 'number') return fc.oneof(numericJunk, numericJunk, junk);
  if (typeof original === 'string') return fc.oneof(textJunk, textJunk, junk);
  return junk;
}

/** Paths into a body: its own keys and, one level down, those of its objects and array items. */
function pathsOf(body: Body): string[][] {
  const paths: string[][] = [];
  for (const [key, value] of Object.entries(body)) {
    paths.push([key]);
    if (value && typeof value === 'object') {
      for (const [inner, innerValue] of Object.entries(value)) {
        paths.push([key, inner]);
        if (innerValue && typeof innerValue === 'object') for (const leaf of Object.keys(innerValue)) paths.push([key, inner, leaf]);
      }
    }
  }
  return paths;
}

function valueAt(body: Body, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined),
    body,
  );
}

function withChange(
  body: Body,
  path: readonly string[],
  change: { readonly kind: 'remove' } | { readonly kind: 'set'; readonly value: unknown },
): Body {
  const copy = structuredClone(body);
  let parent: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = parent[key];
    // A first change may have removed or replaced what a second one reaches into.
    if (!next || typeof next !== 'object') return copy;
    parent = next as Record<string, unknown>;
  }
  const last = path[path.length - 1] as string;
  if (change.kind === 'remove') delete parent[last];
  else parent[last] = change.value;
  return copy;
}

/** The valid body, or that body with one change (sometimes two). */
function bodies(valid: Body): fc.Arbitrary<Body> {
  const paths = pathsOf(valid);
  const oneChange = fc.constantFrom(...paths).chain((path) =>
    fc.tuple(
      fc.constant(path),
      fc.oneof(
        fc.constant({ kind: 'remove' as const }),
        junkFor(valueAt(valid, path)).map((value) => ({ kind: 'set' as const, value })),
      ),
    ),
  );
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(valid) },
    { weight: 4, arbitrary: oneChange.map(([path, change]) => withChange(valid, path, change)) },
    { weight: 1, arbitrary: fc.tuple(oneChange, oneChange).map(([[p1, c1], [p2, c2]]) => withChange(withChange(valid, p1, c1), p2, c2)) },
    { weight: 1, arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), junk).map(([key, value]) => ({ ...valid, [key]: value })) },
  );
}

interface WriteRoute {
  readonly name: string;
  readonly method: 'PUT' | 'POST';
  /** The path of the n-th request: ids vary so that creations and updates both occur. */
  path(run: number): string;
  readonly valid: Body;
  /** The reads that must answer 200 after an accepted write (`before`: the table before it). */
  readBack(path: string, sent: Body, reply: ApiReply, before: string): Promise<void>;
}

const validOpportunity: Body = {
  name: 'Widgets',
  account: 'Acme',
  ownerId: 'dave',
  stageId: 'negotiation',
  closeDate: '2026-03-20',
  productLines: [
    { productFamily: 'A', amount: 600_00 },
    { productFamily: 'B', amount: 400_00 },
  ],
  createdAt: '2026-02-01T00:00:00Z',
  campaign: 'Spring',
  leadSource: 'web',
  customerType: 'new',
  goNoGoDate: '2026-03-10',
  closePlan: 'Call.\nSign.',
  discountRationale: null,
  priority: true,
};

async function expectReads(...paths: string[]): Promise<void> {
  for (const path of paths) {
    const reply = await api({ method: 'GET', path });
    expect(reply.status, `GET ${path}: ${JSON.stringify(reply.body)}`).toBe(200);
  }
}

const routes: WriteRoute[] = [
  {
    name: 'PUT /opportunities/{id}',
    method: 'PUT',
    path: (run) => `/opportunities/fuzz-${run % 5}`,
    valid: validOpportunity,
    async readBack(path, _sent, reply) {
      const read = await api({ method: 'GET', path });
      expect(read.status).toBe(200);
      expect(read.body.opportunity).toEqual(reply.body);
      await expectReads('/opportunities?ownerId=dave');
    },
  },
  {
    name: 'PUT /reps/{id}',
    method: 'PUT',
    path: (run) => `/reps/fuzz-${run % 5}`,
    valid: { name: 'Erin', email: 'erin@example.com', teamId: 'north', managerId: 'dave', active: true },
    async readBack(path, _sent, reply) {
      expect((await api({ method: 'GET', path })).body).toEqual(reply.body);
      await expectReads('/reps', '/teams/north/periods/2026-03');
    },
  },
  {
    name: 'PUT /teams/{id}',
    method: 'PUT',
    path: (run) => `/teams/fuzz-${run % 5}`,
    valid: { name: 'South', parentTeamId: 'company', managerId: 'dave' },
    async readBack(path, _sent, reply) {
      expect((await api({ method: 'GET', path })).body).toEqual(reply.body);
      await expectReads('/teams', '/company/periods/2026-03');
    },
  },
  {
    name: 'PUT /targets',
    method: 'PUT',
    path: () => '/targets',
    valid: { ownerType: 'rep', ownerId: 'dave', productFamily: null, amounts: { '2026-03': 50_000_00, '2026-04': 60_000_00 } },
    async readBack(_path, sent) {
      await expectReads(
        `/targets?ownerType=${String(sent.ownerType)}&ownerId=${String(sent.ownerId)}&from=2026-01&to=2026-12`,
        '/reps/dave/months/2026-03',
      );
    },
  },
  {
    name: 'PUT /commission-levels',
    method: 'PUT',
    path: () => '/commission-levels',
    valid: {
      repId: 'dave',
      productFamily: null,
      fromMonth: '2026-03',
      toMonth: null,
      bands: [
        { from: 0, to: 50_000_00, ratePercent: 2 },
        { from: 50_000_00, to: null, ratePercent: 4.5 },
      ],
    },
    async readBack(_path, sent) {
      await expectReads(`/reps/${String(sent.repId)}/commission-levels?month=2026-03`, '/reps/dave/months/2026-03');
    },
  },
  {
    name: 'PUT /stages',
    method: 'PUT',
    path: () => '/stages',
    valid: structuredClone(DEFAULT_STAGES) as unknown as Body,
    async readBack() {
      await expectReads('/stages', '/opportunities?ownerId=dave');
    },
  },
  {
    name: 'PUT /settings',
    method: 'PUT',
    path: () => '/settings',
    valid: { fiscalYearStartMonth: 4, managers: { editDeals: true, editTargets: false }, currency: 'EUR', locale: 'en-IE' },
    async readBack() {
      await expectReads('/settings', '/company/periods/2026-Q1', '/company/periods/2026-FY');
    },
  },
  {
    name: 'POST /imports/opportunities',
    method: 'POST',
    path: () => '/imports/opportunities',
    valid: {
      opportunities: [{ ...validOpportunity, id: 'imported-1' }],
      history: [
        {
          opportunityId: 'imported-1',
          field: 'stageId',
          oldValue: 'proposal-made',
          newValue: 'negotiation',
          changedAt: '2026-02-15T10:00:00Z',
        },
      ],
    },
    async readBack(_path, sent, reply, before) {
      // An import answers 200 with its rejected rows: a rejected deal writes nothing.
      const [row] = Array.isArray(sent.opportunities) ? (sent.opportunities as Body[]) : [];
      const { accepted, unchanged, rejected } = reply.body.opportunities;
      if (accepted + unchanged > 0) await expectReads(`/opportunities/${String(row?.id)}`);
      if (rejected > 0 && reply.body.history.accepted === 0) expect(await tableContents()).toBe(before);
      await expectReads('/opportunities?ownerId=dave');
    },
  },
];

function expectProblem(reply: ApiReply, request: string): void {
  expect(reply.status, request).toBeLessThan(500);
  expect(reply.headers['content-type'], request).toBe('application/problem+json');
  expect(reply.body, request).toMatchObject({ status: reply.status, title: expect.any(String), detail: expect.any(String) });
  if (reply.status === 400 || reply.status === 422) {
    expect(reply.body.errors?.length, request).toBeGreaterThan(0);
    for (const issue of reply.body.errors) expect(issue, request).toMatchObject({ field: expect.any(String), message: expect.any(String) });
  }
}

/** Characters no accepted value may carry: what a page or a CSV export would show wrongly. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|\p{Cs}/u;

/** Where a value is a date, a month or an instant. */
const DATED = /(Date|At|[Mm]onth)$/;

/** What an accepted write answers holds only safe text, dates in the supported years and amounts within the cap. */
function expectSafeToShow(value: unknown, request: string, at = 'body'): void {
  if (typeof value === 'string') {
    expect(UNSAFE.test(value), `${request}: ${at} holds an unsafe character`).toBe(false);
    const year = DATED.test(at) ? /^(\d{4})-\d{2}/.exec(value)?.[1] : undefined;
    if (year) expect(Number(year), `${request}: ${at} = ${value}`).toSatisfy((y: number) => y >= 1970 && y <= 2199);
  } else if (typeof value === 'number') {
    if (at.endsWith('amount')) expect(value, `${request}: ${at}`).toBeLessThanOrEqual(MAX_AMOUNT_MINOR);
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) expectSafeToShow(item, request, `${at}.${index}`);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      // An import's rejected rows quote what was sent, to say what was refused: it was not stored.
      if (key === 'rejections') continue;
      if (at.endsWith('.amounts')) expectSafeToShow(key, request, `${at}.month`);
      expectSafeToShow(item, request, `${at}.${key}`);
    }
  }
}

describe('write routes under fuzzed bodies', () => {
  it.each(routes)(
    '$name: a 4xx problem naming the field with nothing written, or a 2xx that reads back',
    async (route) => {
      let run = 0;
      const seen = { accepted: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(bodies(route.valid), async (body) => {
          const path = route.path(run++);
          const request = `${route.method} ${path} ${JSON.stringify(body)}`;
          const before = await tableContents();
          const reply = await api({ method: route.method, path, body });
          expect(reply.status, `${request} -> ${JSON.stringify(reply.body)}`).toBeLessThan(500);
          if (reply.status >= 400) {
            seen.refused++;
            expectProblem(reply, `${request} -> ${JSON.stringify(reply.body)}`);
            expect(await tableContents(), `${request} wrote despite ${reply.status}`).toBe(before);
          } else {
            seen.accepted++;
            expectSafeToShow(reply.body, request);
            await route.readBack(path, body, reply, before);
          }
        }),
        { numRuns: RUNS_PER_ROUTE, seed: 20261201 + routes.indexOf(route) },
      );
      // A fuzzer that only ever hits one side proves little.
      expect(seen.accepted).toBeGreaterThan(0);
      expect(seen.refused).toBeGreaterThan(0);
    },
    120_000,
  );
});
