/**
 * A manager's request reads their own part of the organisation, not the rest: on DynamoDB
 * Local, through the real API handler, the items a regional manager's typical requests
 * read are counted (an SDK middleware), and stay the same when the organisation around
 * them grows tenfold. Their answers are what the whole tree gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { type ApiCall, apiClientOf } from '../support/api-requests.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { silentLogger } from '../support/engine-harness.js';
import { loadOrganisation, managerOf, regionId, teamIdOf } from '../support/large-organisation.js';
import { ReadMeter, type ReadTotals } from '../support/read-meter.js';
import { bootstrapTestOrganisation } from '../support/test-organisation.js';

const SHAPE = { teamSize: 10, teamsPerRegion: 3 } as const;
/** The manager's region: the region, its 3 teams, their 30 reps and the manager. */
const REGION_TEAMS = 1 + SHAPE.teamsPerRegion;
const REGION_REPS = SHAPE.teamsPerRegion * SHAPE.teamSize + 1;

const REQUESTS = [
  '/me',
  `/teams/${regionId(1)}/periods/2026-01`,
  `/teams/${teamIdOf(1)}/months?from=2025-11&to=2026-01`,
  `/quality?month=2026-01&teamId=${regionId(1)}`,
  '/quality?month=2026-01',
  '/opportunities?ownerId=rep-000001',
  '/reps?limit=50',
  '/conversion/opportunities?from=2026-01&to=2026-03&by=rep',
  `/conversion/leads?from=2026-01&to=2026-03&teamId=${regionId(1)}&by=team`,
];

let table: TestTable;
let meter: ReadMeter;
let manager: ApiCall;

/** Sends each request as the manager and returns what each read. */
async function readsOfRequests(): Promise<Record<string, ReadTotals>> {
  const reads: Record<string, ReadTotals> = {};
  for (const path of REQUESTS) {
    meter.take();
    const reply = await manager({ method: 'GET', path });
    expect(reply.status, `${path}: ${JSON.stringify(reply.body)}`).toBe(200);
    reads[path] = meter.take();
  }
  return reads;
}

beforeAll(async () => {
  table = await createTestTable('manager-subtree-reads');
  const deps = table.dependencies();
  await bootstrapTestOrganisation(deps);
  await loadOrganisation(deps, { reps: 300, ...SHAPE });
  meter = new ReadMeter();
  meter.instrument(table.documentClient);
  manager = apiClientOf(createApiHandler(deps, { logger: silentLogger }), { as: { repId: managerOf(1), role: 'manager' } });
}, 120_000);
afterAll(() => table?.delete());

describe("a regional manager's requests", () => {
  let small: Record<string, ReadTotals>;

  it('see their region, all of it, and nothing else', async () => {
    const me = await manager({ method: 'GET', path: '/me' });
    expect(me.body.company).toBeNull();
    expect(me.body.teams.map((team: { id: string }) => team.id)).toEqual([regionId(1), teamIdOf(1), teamIdOf(2), teamIdOf(3)]);
    expect(me.body.reps).toHaveLength(REGION_REPS);
    expect((await manager({ method: 'GET', path: `/teams/${regionId(2)}/periods/2026-01` })).status).toBe(403);
  });

  it('page through the reps of their region, by id, without gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const reply: { body: { items: { id: string }[]; nextCursor: string | null } } = await manager({
        method: 'GET',
        path: `/reps?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      });
      if (reply.body.nextCursor !== null) expect(reply.body.items).toHaveLength(7);
      seen.push(...reply.body.items.map((rep) => rep.id));
      cursor = reply.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([managerOf(1), ...Array.from({ length: 30 }, (_, index) => `rep-${String(index + 1).padStart(6, '0')}`)]);
    expect((await manager({ method: 'GET', path: `/reps?teamId=${teamIdOf(2)}` })).body.items).toHaveLength(10);
    expect((await manager({ method: 'GET', path: '/reps?cursor=nonsense' })).status).toBe(400);
  });

  it('read their region (a query per team of it), not the 300 reps and 41 teams of the organisation', async () => {
    small = await readsOfRequests();
    for (const [path, reads] of Object.entries(small)) {
      // The rep, the settings, the managers' index and the region's team items, a query per
      // team of the region, and the request's own reads (month records, links, targets…).
      expect(reads.items, path).toBeLessThan(3 * (REGION_TEAMS + REGION_REPS));
      expect(reads.byOperation.Scan ?? 0, path).toBe(0);
    }
  });

  it('read the same when the organisation around them grows tenfold', async () => {
    const deps = table.dependencies();
    // 2,700 more reps in 90 more teams, 30 more regions: the first 300 reps stay where they are.
    await loadOrganisation(deps, { reps: 3_000, ...SHAPE });
    const large = await readsOfRequests();
    for (const path of REQUESTS) {
      expect(large[path]?.items, path).toBe(small[path]?.items);
      expect(large[path]?.requests, path).toBe(small[path]?.requests);
    }
  }, 120_000);
});
