/**
 * The stage configuration the API keeps per process for a few seconds
 * (functions/store/process-cache.ts), on DynamoDB Local: another process's change is seen
 * once the TTL has passed, this process's own change at once, a write over a stale read
 * is a conflict whose retry reads the new one; through the real handler a write after a
 * configuration change validates against the new configuration, and a write reads neither
 * the configuration (kept) nor, when the caller owns the deal, the owner (the caller's rep).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STAGES, type VersionedStageConfiguration } from '#core/organisation/stage.js';
import { auditSubjects } from '#core/shared/audit-entry.js';
import { ConflictError } from '#core/shared/errors.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { StageConfigurationStore } from '#functions/organisation/stage-configuration-store.js';
import { type ApiCall, apiClientOf } from '../support/api-requests.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { silentLogger } from '../support/engine-harness.js';
import { fixedClock } from '../support/fixed-clock.js';
import { ReadMeter } from '../support/read-meter.js';
import { setupAudit } from '../support/setup-audit.js';
import { bootstrapTestOrganisation } from '../support/test-organisation.js';

let table: TestTable;
let meter: ReadMeter;
const clock = fixedClock('2026-03-02T09:00:00.000Z');

beforeAll(async () => {
  table = await createTestTable('stage-configuration-cache');
  meter = new ReadMeter();
  meter.instrument(table.documentClient);
});

afterAll(async () => {
  await table?.delete();
});

const TTL = 5_000;

function manualTime() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function configuration(version: number, stageIds: readonly string[]): VersionedStageConfiguration {
  const stages = stageIds.map(
    (id) => DEFAULT_STAGES.stages.find((stage) => stage.id === id) ?? { id, name: id, probability: 30, outcome: 'open' as const },
  );
  return { stages, version, updatedAt: `2026-03-02T09:00:0${version}.000Z` };
}

async function save(store: StageConfigurationStore, next: VersionedStageConfiguration, expectedVersion: number): Promise<void> {
  await store.save(next, expectedVersion, setupAudit(auditSubjects.stageConfiguration(), next, next.updatedAt ?? ''));
}

describe('a stage configuration store that keeps what it read', () => {
  it("sees another process's change once its TTL has passed, and its own change at once", async () => {
    const time = manualTime();
    const cached = new StageConfigurationStore(table.dependencies(clock), { cacheMs: TTL, now: time.now });
    const otherProcess = new StageConfigurationStore(table.dependencies(clock));

    expect(await cached.get()).toBeUndefined();
    await save(otherProcess, configuration(1, ['prospecting', 'closed-won', 'closed-lost']), 0);
    meter.take();
    time.advance(TTL - 1);
    expect(await cached.get()).toBeUndefined();
    expect(meter.take().requests).toBe(0);

    time.advance(1);
    expect((await cached.get())?.version).toBe(1);
    expect(meter.take().byOperation).toEqual({ GetItem: 1 });

    await save(cached, configuration(2, ['prospecting', 'pilot', 'closed-won', 'closed-lost']), 1);
    expect((await cached.get())?.stages.map((stage) => stage.id)).toContain('pilot');
  });

  it('refuses a write over a stale read as a conflict, and the retry reads the change it lost to', async () => {
    const time = manualTime();
    const cached = new StageConfigurationStore(table.dependencies(clock), { cacheMs: TTL, now: time.now });
    const otherProcess = new StageConfigurationStore(table.dependencies(clock));
    const current = await cached.get();
    const version = current?.version ?? 0;
    await save(otherProcess, configuration(version + 1, ['prospecting', 'closed-won', 'closed-lost']), version);

    expect((await cached.get())?.version).toBe(version);
    await expect(
      save(cached, configuration(version + 1, ['prospecting', 'negotiation', 'closed-won', 'closed-lost']), version),
    ).rejects.toThrow(ConflictError);
    expect((await cached.get())?.version).toBe(version + 1);
  });
});

describe('opportunity writes through the API handler, one process', () => {
  let admin: ApiCall;
  let dave: ApiCall;

  beforeAll(async () => {
    const api = await createTestTable('stage-configuration-cache-api');
    const deps = api.dependencies(clock);
    await bootstrapTestOrganisation(deps, { id: 'acme', name: 'Acme Ltd' });
    apiTable = api;
    apiMeter = new ReadMeter();
    apiMeter.instrument(api.documentClient);
    const handler = createApiHandler(deps, { logger: silentLogger });
    admin = apiClientOf(handler);
    dave = apiClientOf(handler, { as: { repId: 'dave', role: 'rep' } });
    expect(
      (await admin({ method: 'PUT', path: '/reps/dave', body: { name: 'Dave Apthorp', email: 'dave@example.com', teamId: 'acme' } }))
        .status,
    ).toBe(201);
  });

  let apiTable: TestTable;
  let apiMeter: ReadMeter;
  afterAll(async () => {
    await apiTable?.delete();
  });

  const deal = (stageId: string) => ({
    name: 'Widgets',
    account: 'Acme',
    ownerId: 'dave',
    stageId,
    closeDate: '2026-03-20',
    amount: 1_000_00,
  });

  it('validates a write after a configuration change against the new configuration, at once', async () => {
    // The configuration in force is read, and kept, by a first write.
    expect((await admin({ method: 'PUT', path: '/opportunities/o1', body: deal('prospecting') })).status).toBe(201);
    expect((await admin({ method: 'PUT', path: '/opportunities/o2', body: deal('pilot') })).status).toBe(422);

    const withPilot = {
      stages: [
        ...DEFAULT_STAGES.stages.filter((stage) => stage.id !== 'investigation'),
        { id: 'pilot', name: 'Pilot', probability: 30, outcome: 'open' },
      ],
    };
    expect((await admin({ method: 'PUT', path: '/stages', body: withPilot })).status).toBe(200);

    // Well inside the TTL: the added stage is accepted, the removed one refused.
    expect((await admin({ method: 'PUT', path: '/opportunities/o2', body: deal('pilot') })).status).toBe(201);
    const removed = await admin({ method: 'PUT', path: '/opportunities/o3', body: deal('investigation') });
    expect(removed.status).toBe(422);
    expect(JSON.stringify(removed.body)).toContain('investigation');
  });

  it("reads, for a rep's write of their own deal, only their rep (once) and the stored deal", async () => {
    expect((await dave({ method: 'PUT', path: '/opportunities/o4', body: deal('prospecting') })).status).toBe(201);
    apiMeter.take();
    expect((await dave({ method: 'PUT', path: '/opportunities/o4', body: { ...deal('negotiation'), amount: 2_000_00 } })).status).toBe(200);
    expect(apiMeter.take().byOperation).toEqual({ GetItem: 2 });
  });

  it("reads, for an admin's write of a rep's deal, the admin's rep, the owner's and the stored deal", async () => {
    apiMeter.take();
    expect((await admin({ method: 'PUT', path: '/opportunities/o4', body: { ...deal('negotiation'), amount: 3_000_00 } })).status).toBe(
      200,
    );
    expect(apiMeter.take().byOperation).toEqual({ GetItem: 3 });
  });
});
