/**
 * Time travel equals the as-at snapshot of the same instant, over random histories: deals
 * created, moved between stages, owners and close dates, soft and hard deleted; reps moved
 * between teams; stage probabilities changed. Each snapshot is taken "on time" — shortly
 * after its instant, with a few later writes already made — and at the end, after every
 * later write, time travel to each instant must give exactly the stored figures for every
 * scope, and taking the snapshot again (a run taken late) must change nothing.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { takePipelineSnapshots } from '#core/pipeline/take-pipeline-snapshots.js';
import { opportunityToItem } from '#functions/opportunities/opportunity-store.js';
import { PipelineRebuildStore } from '#functions/pipeline/pipeline-rebuild-store.js';
import { PipelineSnapshotStore } from '#functions/pipeline/pipeline-snapshot-store.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { type Command, commandArbitrary, interpret } from '../support/opportunity-history.js';

const DEALS = 5;
const OWNERS = 3;
const TEAMS = ['emea', 'americas'] as const;
/** In the past of the machine's clock, so a hard delete's stream record time comes after every write. */
const TIMELINE_START = new Date('2026-03-02T08:00:00.000Z');

/** Something else that happens between two deal writes. */
type Event =
  | { readonly kind: 'snapshot'; readonly afterWrite: number; readonly lag: number }
  | { readonly kind: 'moveRep'; readonly afterWrite: number; readonly rep: number; readonly team: number }
  | { readonly kind: 'reprobability'; readonly afterWrite: number; readonly stage: number; readonly probability: number };

const eventArbitrary: fc.Arbitrary<Event> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('snapshot' as const), afterWrite: fc.nat(40), lag: fc.integer({ min: 0, max: 3 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('moveRep' as const),
      afterWrite: fc.nat(40),
      rep: fc.nat(OWNERS - 1),
      team: fc.nat(TEAMS.length - 1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('reprobability' as const),
      afterWrite: fc.nat(40),
      stage: fc.nat(3),
      probability: fc.integer({ min: 0, max: 100 }),
    }),
  },
);

/** Every deal exists from the start, so the random changes have something to change. */
const PRELUDE: Command[] = Array.from({ length: DEALS }, (_, deal) => ({
  kind: 'upsert',
  deal,
  ownerIndex: deal % OWNERS,
  stageIndex: deal % 4,
  closeDateIndex: deal % 6,
  amount: 1_000_000 * (deal + 1),
  probability: null,
}));

const scopeQuery = (scope: { kind: string; teamId?: string; repId?: string }) =>
  scope.kind === 'team' ? `&teamId=${scope.teamId}` : scope.kind === 'rep' ? `&repId=${scope.repId}` : '';

describe('time travel and snapshots', () => {
  it('agree exactly for the same instant, whatever happened after it', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(commandArbitrary(DEALS, OWNERS), { minLength: 10, maxLength: 30 }),
        fc.array(eventArbitrary, { minLength: 2, maxLength: 8 }),
        async (changes, events) => {
          run += 1;
          const engine: EngineHarness = await startEngine(`time-travel-${run}`, TIMELINE_START.toISOString());
          try {
            const ids = { deal: (i: number) => `deal${i}`, owner: (i: number) => `rep${i}` };
            const { writes } = interpret([...PRELUDE, ...changes], ids, TIMELINE_START);
            const setupAt = new Date(TIMELINE_START.getTime() - 60_000).toISOString();
            await engine.write('PUT', '/teams/company', { name: 'Company', parentTeamId: null }, setupAt);
            for (const team of TEAMS) await engine.write('PUT', `/teams/${team}`, { name: team, parentTeamId: 'company' }, setupAt);
            for (let rep = 0; rep < OWNERS; rep++)
              await engine.write(
                'PUT',
                `/reps/rep${rep}`,
                { name: `Rep ${rep}`, email: `rep${rep}@example.com`, teamId: TEAMS[rep % TEAMS.length] },
                setupAt,
              );

            const { documentClient, tableName } = engine.table;
            // A hard delete carries no time of its own: it happens two minutes after the write
            // before it, so the events after that write (seconds apart) all come before it.
            const times: number[] = [];
            for (const { after } of writes) {
              const previous = times.at(-1) ?? TIMELINE_START.getTime();
              times.push(after ? Math.max(previous, Date.parse(after.updatedAt)) : previous + 120_000);
            }
            const timeOf = (index: number) => times[Math.min(index, times.length - 1)] ?? TIMELINE_START.getTime();
            const stages = DEFAULT_STAGES.stages.map((stage) => ({ ...stage }));
            const instants: string[] = [];
            const pending: Array<{ instant: string; takeAfterWrite: number }> = [];
            const ports = {
              history: new PipelineRebuildStore(engine.table.dependencies(engine.clock), { segments: 2 }),
              snapshots: new PipelineSnapshotStore(engine.table.dependencies(engine.clock)),
              clock: engine.clock,
            };

            const takeDue = async (written: number) => {
              for (const due of pending.filter((entry) => entry.takeAfterWrite <= written)) {
                pending.splice(pending.indexOf(due), 1);
                await engine.settle();
                engine.clock.set(new Date(Math.max(timeOf(written), Date.parse(due.instant)) + 1_000).toISOString());
                await takePipelineSnapshots(ports, [new Date(due.instant)]);
              }
            };

            for (let index = 0; index < writes.length; index++) {
              const { before, after } = writes[index]!;
              if (after) await documentClient.send(new PutCommand({ TableName: tableName, Item: opportunityToItem(after) }));
              else
                await documentClient.send(new DeleteCommand({ TableName: tableName, Key: { pk: `OPP#${before!.id}`, sk: 'OPPORTUNITY' } }));
              // Events between this write and the next (writes are minutes apart).
              const between = events.filter((event) => event.afterWrite % writes.length === index);
              for (const [offset, event] of between.entries()) {
                const at = new Date(timeOf(index) + (offset + 1) * 10_000).toISOString();
                if (event.kind === 'snapshot') {
                  instants.push(at);
                  pending.push({ instant: at, takeAfterWrite: Math.min(index + event.lag, writes.length - 1) });
                } else if (event.kind === 'moveRep') {
                  await engine.write(
                    'PUT',
                    `/reps/rep${event.rep}`,
                    { name: `Rep ${event.rep}`, email: `rep${event.rep}@example.com`, teamId: TEAMS[event.team] },
                    at,
                  );
                } else {
                  stages[event.stage] = { ...stages[event.stage]!, probability: event.probability };
                  await engine.write('PUT', '/stages', { stages }, at);
                }
              }
              await takeDue(index);
            }
            await takeDue(writes.length);
            await engine.settle();

            // Late: every instant again, after everything else happened.
            engine.clock.set(new Date(timeOf(writes.length - 1) + 3_600_000).toISOString());
            for (const instant of instants) {
              const onTime = await ports.snapshots.readInstant(instant);
              expect(onTime.length, `snapshot of ${instant} was taken`).toBeGreaterThan(0);
              for (const { scope, snapshot } of onTime) {
                const reply = await engine.api({ method: 'GET', path: `/pipeline/as-at?at=${instant}${scopeQuery(scope)}` });
                expect(reply.status).toBe(200);
                expect(reply.body, `${instant} ${JSON.stringify(scope)}`).toEqual(snapshot);
              }
            }
            const late = await takePipelineSnapshots(
              ports,
              instants.map((instant) => new Date(instant)),
            );
            expect(late.map((result) => result.outcome)).toEqual(late.map(() => 'unchanged'));
          } finally {
            await engine.stop();
          }
        },
      ),
      {
        numRuns: 6,
        endOnFailure: process.env.PROPERTY_END_ON_FAILURE === '1',
        seed: Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31),
      },
    );
  }, 300_000);
});
