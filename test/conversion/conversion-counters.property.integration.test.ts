/**
 * The conversion counters kept exactly once, on DynamoDB Local. Random opportunity histories
 * (stage changes, owner moves, close-month moves, soft and hard deletes, and lead, source and
 * campaign values changing between versions) go through the real stream handler the way
 * Lambda may deliver them — shards side by side, batches duplicated, stretches replayed,
 * injected conflicts and throttling — while random lead writes and conversions go through
 * the real API handler at the same time; the opportunities conversions create then come
 * through the stream too. Afterwards the deal cells equal the sum over the expected live
 * links, the lead cells the sum over the stored leads, and reconcile finds no drift.
 *
 * One table for every run: the reps the leads need exist once, and each run's deals are its
 * own. The invariants are over the whole table, so every earlier run is checked again.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellKey, leadContributionOf } from '#core/conversion/conversion-cells.js';
import type { DealLink } from '#core/linkage/deal-link.js';
import { linkOf } from '#core/linkage/linkage.js';
import { qualityCountersOfVersions } from '#core/linkage/quality-counters.js';
import { type Opportunity, Opportunity as OpportunitySchema } from '#core/opportunities/opportunity.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { reconcile } from '#core/reconcile/reconcile.js';
import { addCellCounters, type CellCounters } from '#core/shared/counters.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { createStreamHandler } from '#functions/linkage/stream-handler.js';
import { ReconcileStore } from '#functions/reconcile/reconcile-store.js';
import type { FailureSink } from '#functions/shared/failure-sink.js';
import { keys } from '#functions/store/keys.js';
import { cellsByKey, dealCellsOf, stagePathOfHistory } from '../linkage/conversion-expectations.js';
import { type ApiCall, apiClientOf } from '../support/api-requests.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { silentLogger } from '../support/engine-harness.js';
import { faultyDocumentClient } from '../support/fault-injection.js';
import { type FixedClock, fixedClock } from '../support/fixed-clock.js';
import { CLOSE_DATES, commandArbitrary, interpret, seededRandom } from '../support/opportunity-history.js';
import { deliverLikeLambda } from '../support/stream-delivery.js';
import { opportunityStreamRecord } from '../support/stream-records.js';
import { bootstrapTestOrganisation } from '../support/test-organisation.js';

const SHARDS = 3;
const DEALS = 6;
const OWNERS = 3;
const LEADS = 4;
/** The reps leads are given to (they must exist and be active); deals' owners need not. */
const LEAD_OWNERS = ['dave', 'erin'] as const;
const SOURCES = ['web', 'referral', 'event'] as const;
const STAGES = DEFAULT_STAGES.stages;

let table: TestTable;
let apiClock: FixedClock;
let api: ApiCall;
/** The live link every deal of every run should have, by opportunity id (none: deleted). */
const expectedLinks = new Map<string, DealLink>();
/** Lead writes the API accepted, and conversions it made, over all runs. */
const coverage = { leadWrites: 0, conversions: 0 };

beforeAll(async () => {
  table = await createTestTable('conversion-property');
  apiClock = fixedClock('2026-10-01T08:00:00.000Z');
  const deps = table.dependencies(apiClock);
  await bootstrapTestOrganisation(deps, { id: 'acme', name: 'Acme Ltd' });
  api = apiClientOf(createApiHandler(deps, { logger: silentLogger }));
  const must = async (reply: Promise<{ status: number; body: unknown }>) => {
    const { status, body } = await reply;
    expect(status, JSON.stringify(body)).toBeLessThan(300);
  };
  await must(api({ method: 'PUT', path: '/teams/north', body: { name: 'North', parentTeamId: 'acme' } }));
  for (const repId of LEAD_OWNERS)
    await must(api({ method: 'PUT', path: `/reps/${repId}`, body: { name: repId, email: `${repId}@example.com`, teamId: 'north' } }));
  await must(
    api({
      method: 'PUT',
      path: '/campaigns/spring',
      body: { name: 'Spring webinars', type: 'webinar', startDate: '2026-01-01', endDate: '2027-12-31' },
    }),
  );
});
afterAll(async () => {
  await table?.delete();
});

const noPoison: FailureSink = {
  reportPoisonRecord: async (_record, reason) => {
    throw new Error(`unexpected poison record: ${reason}`);
  },
};

/** What a deal's versions say about where it came from; changes between versions when there are several. */
const attributionArbitrary = fc.record({
  leadId: fc.constantFrom(null, 'l-a', 'l-b'),
  leadSource: fc.constantFrom(null, 'web', 'Trade show | 2016'),
  campaignId: fc.constantFrom(null, 'spring', 'autumn'),
  campaign: fc.constantFrom(null, '', 'Legacy|text'),
});
type Attribution = typeof attributionArbitrary extends fc.Arbitrary<infer T> ? T : never;

type LeadCommand =
  | {
      readonly kind: 'put';
      readonly lead: number;
      readonly owner: number;
      readonly source: number;
      readonly campaign: boolean;
      readonly status: 'open' | 'contacted' | 'qualified' | 'closed-unqualified';
      /** Hours the API's clock moves before the write: spreads leads over months and the year's end. */
      readonly hoursLater: number;
    }
  | { readonly kind: 'convert'; readonly lead: number; readonly amount: number; readonly hoursLater: number };

const hoursLater = fc.integer({ min: 0, max: 24 * 25 });
const leadCommandArbitrary: fc.Arbitrary<LeadCommand> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('put' as const),
      lead: fc.integer({ min: 0, max: LEADS - 1 }),
      owner: fc.integer({ min: 0, max: LEAD_OWNERS.length - 1 }),
      source: fc.integer({ min: 0, max: SOURCES.length - 1 }),
      campaign: fc.boolean(),
      status: fc.constantFrom('open' as const, 'contacted' as const, 'qualified' as const, 'closed-unqualified' as const),
      hoursLater,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('convert' as const),
      lead: fc.integer({ min: 0, max: LEADS - 1 }),
      amount: fc.integer({ min: 0, max: 5_000_000 }),
      hoursLater,
    }),
  },
);

describe('conversion counters under at-least-once delivery and concurrent lead writes', () => {
  it('ends with deal cells = Σ live links, lead cells = Σ stored leads, and no drift', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(commandArbitrary(DEALS, OWNERS), { minLength: 1, maxLength: 30 }),
        fc.array(attributionArbitrary, { minLength: 1, maxLength: 3 }),
        fc.array(leadCommandArbitrary, { maxLength: 12 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        async (commands, attributions, leadCommands, seed) => {
          run += 1;
          const prefix = `run${run}-${seed}`;
          const random = seededRandom(seed);
          const attributed = attributedBy(attributions);
          const interpreted = interpret(
            commands,
            { deal: (i) => `${prefix}-deal${i}`, owner: (i) => `${prefix}-rep${i}` },
            new Date('2026-11-01T08:00:00.000Z'),
          );
          const writes = interpreted.writes.map(({ before, after }) => ({ before: attributed(before), after: attributed(after) }));

          // Prepare: one record per write, each deal's records on one shard, in order.
          const shards: DynamoDBRecord[][] = Array.from({ length: SHARDS }, () => []);
          for (const write of writes) {
            const id = (write.after ?? write.before)!.id;
            shards[Number(id.slice(id.lastIndexOf('deal') + 4)) % SHARDS]!.push(opportunityStreamRecord(write.before, write.after));
          }
          const { documentClient } = faultyDocumentClient(table.endpoint, { transactionConflict: 0.15, throttle: 0.05, random });
          const stream = createStreamHandler({
            documentClient,
            tableName: table.tableName,
            clock: fixedClock('2027-03-01T00:00:00.000Z'),
            failureSink: noPoison,
            logger: silentLogger,
          });

          // Act: every shard delivered concurrently, Lambda-style, while the leads are written through the API.
          const [converted] = await Promise.all([
            writeLeads(leadCommands, prefix),
            ...shards.map((records) => deliverLikeLambda(records, stream, random)),
          ]);
          for (const deal of interpreted.deals.values()) {
            const current = attributed(deal.current);
            if (current)
              await table.documentClient.send(
                new PutCommand({ TableName: table.tableName, Item: { ...keys.opportunity(current.id), ...current } }),
              );
          }
          // The deals conversions made, through the stream too, some moved on afterwards.
          const convertedVersions = await followConversions(converted, stream, random);

          // Assess: the live links, with what the counters follow, equal a from-scratch recompute.
          for (const deal of interpreted.deals.values()) {
            const current = attributed(deal.current);
            if (current && !current.deleted) {
              const versions = deal.versionsSinceCreation.map((version) => attributed(version)!);
              expectedLinks.set(current.id, expectedLinkOf(current, versions));
            }
          }
          for (const versions of convertedVersions) expectedLinks.set(versions[0]!.id, expectedLinkOf(versions.at(-1)!, versions));

          const everything = await new ReconcileStore(table.dependencies()).readAll();
          expect(everything.invalidItems).toEqual([]);
          const liveLinks = everything.links.filter((link) => link.live);
          expect(byId(liveLinks)).toEqual(byId([...expectedLinks.values()]));

          // The deal cells are the sum over the live links; the lead cells over the stored leads.
          const cells = everything.cells ?? [];
          const stored = (kind: 'deals' | 'leads') =>
            cellsByKey(cells.filter((cell) => cell.kind === kind).map((cell) => [cellKey(cell.month, cell.repId), cell.counters] as const));
          expect(stored('deals')).toEqual(cellsByKey(dealCellsOf([...expectedLinks.values()])));
          const leads = everything.leads ?? [];
          expect(stored('leads')).toEqual(
            cellsByKey(leads.reduce<CellCounters>((sum, lead) => addCellCounters(sum, leadContributionOf(lead)), new Map())),
          );

          expect(reconcile(everything).drift).toEqual([]);
        },
      ),
      // No shrinking: the table outlives a run, so a shrunk rerun would start from what the failing one left.
      { numRuns: 15, endOnFailure: true, seed: Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31) },
    );
    // The runs did exercise leads and conversions, not only deals.
    expect(coverage.leadWrites).toBeGreaterThan(0);
    expect(coverage.conversions).toBeGreaterThan(0);
    // Fifteen runs of API and stream writes: past the default on a busy machine.
  }, 180_000);
});

/** Each version's attribution, by deal and version, so a record's before and after agree with the items. */
function attributedBy(attributions: readonly Attribution[]): (opportunity: Opportunity | undefined) => Opportunity | undefined {
  return (opportunity) => {
    if (!opportunity) return undefined;
    const deal = Number(opportunity.id.slice(opportunity.id.lastIndexOf('deal') + 4));
    return { ...opportunity, ...attributions[(deal * 7 + opportunity.version) % attributions.length]! };
  };
}

function expectedLinkOf(current: Opportunity, versionsSinceCreation: readonly Opportunity[]): DealLink {
  return linkOf(current, qualityCountersOfVersions(versionsSinceCreation)!, current.version, stagePathOfHistory(versionsSinceCreation));
}

/**
 * The lead commands through the API, one after another as the clock moves on: PUTs that
 * create, move status, reassign, change source or campaign (refused moves write nothing),
 * and conversions. Returns the ids of the opportunities conversions made.
 */
async function writeLeads(commands: readonly LeadCommand[], prefix: string): Promise<string[]> {
  const converted: string[] = [];
  for (const command of commands) {
    apiClock.advanceBy(command.hoursLater * 60 * 60 * 1000 + 1_000);
    const leadId = `${prefix}-lead${command.lead}`;
    if (command.kind === 'put') {
      const reply = await api({
        method: 'PUT',
        path: `/leads/${leadId}`,
        body: {
          name: `Lead ${command.lead}`,
          company: 'Globex',
          source: SOURCES[command.source],
          campaignId: command.campaign ? 'spring' : null,
          ownerId: LEAD_OWNERS[command.owner],
          status: command.status,
        },
      });
      if (reply.status < 300) coverage.leadWrites++;
    } else {
      const reply = await api({
        method: 'POST',
        path: `/leads/${leadId}/convert`,
        body: { closeDate: CLOSE_DATES[2], amount: command.amount },
      });
      if (reply.status === 201) {
        coverage.conversions++;
        converted.push(`lead-${leadId}`);
      }
    }
  }
  return converted;
}

/**
 * The opportunities conversions made come through the stream (all of it twice, as a replay would), and
 * some move on: won a little later, or given to the other rep. Returns each deal's versions.
 */
async function followConversions(
  opportunityIds: readonly string[],
  stream: ReturnType<typeof createStreamHandler>,
  random: () => number,
): Promise<Opportunity[][]> {
  const histories: Opportunity[][] = [];
  for (const id of opportunityIds) {
    const { Item } = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: keys.opportunity(id), ConsistentRead: true }),
    );
    const created = OpportunitySchema.parse(Item);
    const versions = [created];
    const roll = random();
    if (roll < 0.6) {
      const won = STAGES.find((stage) => stage.outcome === 'won')!;
      const later = new Date(Date.parse(created.updatedAt) + (1 + Math.floor(random() * 40)) * 86_400_000).toISOString();
      const next =
        roll < 0.4
          ? { ...created, stageId: won.id, stageOutcome: won.outcome, version: 2, updatedAt: later }
          : { ...created, ownerId: LEAD_OWNERS.find((rep) => rep !== created.ownerId)!, version: 2, updatedAt: later };
      versions.push(next);
      await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: { ...keys.opportunity(id), ...next } }));
    }
    const records = versions.map((version, index) => opportunityStreamRecord(versions[index - 1], version));
    for (let delivery = 0; delivery < 2; delivery++) await deliverLikeLambda(records, stream, random);
    histories.push(versions);
  }
  return histories;
}

function byId(links: readonly DealLink[]): DealLink[] {
  return [...links].sort((a, b) => a.opportunityId.localeCompare(b.opportunityId));
}
