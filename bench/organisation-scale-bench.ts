/**
 * Large organisations (`npm run bench:organisation`): what a manager's request reads as
 * the organisation grows, and the largest snapshot item at 20,000 owners.
 *
 * 1. For 30 and 3,000 reps, in a fresh table of one DynamoDB Local in memory: the company,
 *    regions of 3 teams of 10 reps, each region managed by a manager placed in it, loaded
 *    straight with BatchWrite; one open deal per rep of region 1, through the real API and
 *    stream handlers. The first region's manager sees the same 3 teams and 30 reps in both.
 * 2. Through the real API handler, that manager's typical requests (GET /me, their region's
 *    report, a team's months, the quality table of the region and of everyone they see,
 *    a rep's opportunity list), each once to warm up and then `--runs` times measured:
 *    read capacity units (ReturnConsumedCapacity) and milliseconds per request. An admin's
 *    GET /me beside them, which reads the whole organisation by design.
 * 3. The as-at snapshot of 20,000 owners with open deals (2,000 teams of 10 under 20
 *    regions) written through the snapshot store: the largest stored item.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { createStreamHandler } from '#functions/linkage/stream-handler.js';
import { PipelineSnapshotStore } from '#functions/pipeline/pipeline-snapshot-store.js';
import { createDocumentClient, type Dependencies } from '#functions/shared/dependencies.js';
import { ensureTable } from '#functions/store/ensure-table.js';
import { OPPORTUNITY_STREAM_FILTER_PATTERN } from '#functions/store/table-definition.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '#local/dynamodb-local.js';
import { createStreamPoller } from '#local/stream-poller.js';
import { apiClientOf } from '#test/support/api-requests.js';
import { silentLogger } from '#test/support/engine-harness.js';
import { loadOrganisation, managerOf, regionId, teamIdOf } from '#test/support/large-organisation.js';
import { largeOrganisationSnapshots } from '#test/support/large-organisation-snapshots.js';
import { ReadMeter } from '#test/support/read-meter.js';
import { bootstrapTestOrganisation } from '#test/support/test-organisation.js';
import { itemSize } from './transaction-pricing.js';

const COMMAND = 'npm run bench:organisation';
const SIZES = [30, 3_000];
const SHAPE = { teamSize: 10, teamsPerRegion: 3 } as const;
const MONTH = '2026-01';
const NOW = '2026-01-15T10:00:00.000Z';

const MANAGER_REQUESTS = [
  '/me',
  `/teams/${regionId(1)}/periods/${MONTH}`,
  `/teams/${teamIdOf(1)}/months?from=2025-11&to=${MONTH}`,
  `/quality?month=${MONTH}&teamId=${regionId(1)}`,
  `/quality?month=${MONTH}`,
  '/opportunities?ownerId=rep-000001',
  `/conversion/opportunities?from=2025-11&to=${MONTH}&by=rep`,
];
const ADMIN_REQUEST = '/me';

interface Figures {
  readonly readUnits: number;
  readonly items: number;
  readonly requests: number;
  readonly ms: number;
}

const runs = Number(process.argv.find((arg) => arg.startsWith('--runs='))?.slice('--runs='.length) ?? 5);
const log = (line: string) => process.stderr.write(`${line}\n`);

async function measureSize(database: DynamoDbLocal, reps: number): Promise<Map<string, Figures>> {
  const client = new DynamoDBClient(database.clientConfig);
  const documentClient = createDocumentClient(database.clientConfig);
  const streamsClient = new DynamoDBStreamsClient(database.clientConfig);
  const tableName = `organisation-${reps}-${randomUUID()}`;
  const deps: Dependencies = { documentClient, tableName, clock: { now: () => new Date(NOW) } };
  try {
    const streamArn = await ensureTable(client, tableName);
    await bootstrapTestOrganisation(deps);
    log(`${reps} reps: loading the organisation...`);
    const loaded = await loadOrganisation(deps, { reps, ...SHAPE });
    const poller = createStreamPoller({
      streamsClient,
      streamArn,
      handler: createStreamHandler({ ...deps, failureSink: { reportPoisonRecord: async () => undefined }, logger: silentLogger }),
      filterPatterns: [OPPORTUNITY_STREAM_FILTER_PATTERN],
      idleSleepMs: 20,
      logger: silentLogger,
    });
    await poller.start();
    const handler = createApiHandler(deps, { logger: silentLogger });
    const admin = apiClientOf(handler);
    log(`${reps} reps: one deal per rep of region 1, through the API and the stream...`);
    for (const [index, ownerId] of loaded.repIds.slice(0, SHAPE.teamSize * SHAPE.teamsPerRegion).entries()) {
      const reply = await admin({
        method: 'PUT',
        path: `/opportunities/deal-${index + 1}`,
        body: { name: `Deal ${index + 1}`, account: 'Acme', ownerId, stageId: 'prospecting', closeDate: '2026-01-28', amount: 1_000_000 },
      });
      if (reply.status >= 300) throw new Error(`PUT deal: ${reply.status} ${JSON.stringify(reply.body)}`);
    }
    await poller.waitUntilIdle(60_000);
    await poller.stop();

    const meter = new ReadMeter();
    meter.instrument(documentClient);
    const manager = apiClientOf(handler, { as: { repId: managerOf(1), role: 'manager' } });
    const figures = new Map<string, Figures>();
    const measure = async (label: string, call: typeof admin, path: string) => {
      await call({ method: 'GET', path });
      meter.take();
      let ms = 0;
      for (let run = 0; run < runs; run++) {
        const startedAt = performance.now();
        const reply = await call({ method: 'GET', path });
        ms += performance.now() - startedAt;
        if (reply.status !== 200) throw new Error(`GET ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
      }
      const reads = meter.take();
      figures.set(label, { readUnits: reads.readUnits / runs, items: reads.items / runs, requests: reads.requests / runs, ms: ms / runs });
    };
    log(`${reps} reps: measuring (${runs} runs each)...`);
    for (const path of MANAGER_REQUESTS) await measure(`manager GET ${path}`, manager, path);
    await measure(`admin GET ${ADMIN_REQUEST}`, admin, ADMIN_REQUEST);
    return figures;
  } finally {
    documentClient.destroy();
    client.destroy();
    streamsClient.destroy();
  }
}

/** The largest item the snapshot store writes for 20,000 owners (company, regions and teams; a rep's item holds one owner). */
async function largestSnapshotItem(database: DynamoDbLocal): Promise<{ bytes: number; sortKey: string; items: number }> {
  const client = new DynamoDBClient(database.clientConfig);
  const documentClient = createDocumentClient(database.clientConfig);
  const tableName = `snapshot-size-${randomUUID()}`;
  try {
    await ensureTable(client, tableName);
    const asAt = '2026-03-02T00:00:00.000Z';
    const scoped = largeOrganisationSnapshots(asAt, { owners: 20_000, teamSize: 10, teamsPerRegion: 100, dealsPerOwner: 2 });
    const puts = scoped.filter(({ scope }) => scope.kind !== 'rep' || scope.repId.endsWith('0'));
    await new PipelineSnapshotStore({ documentClient, tableName, clock: { now: () => new Date() } }).write({
      asAt,
      puts,
      deletes: [],
      takenAt: asAt,
    });
    let largest = { bytes: 0, sortKey: '', items: 0 };
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documentClient.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }));
      for (const item of page.Items ?? []) {
        const bytes = itemSize(item);
        largest =
          bytes > largest.bytes ? { bytes, sortKey: String(item.sk), items: largest.items + 1 } : { ...largest, items: largest.items + 1 };
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return largest;
  } finally {
    documentClient.destroy();
    client.destroy();
  }
}

function table(bySize: ReadonlyMap<number, ReadonlyMap<string, Figures>>): string[] {
  const labels = [...(bySize.get(SIZES[0] as number)?.keys() ?? [])];
  const header = ['request', ...SIZES.flatMap((size) => [`RCU @${size.toLocaleString('en-US')}`, `ms @${size.toLocaleString('en-US')}`])];
  const rows = labels.map((label) => [
    label,
    ...SIZES.flatMap((size) => {
      const figures = bySize.get(size)?.get(label);
      return [figures?.readUnits.toFixed(1) ?? '-', figures?.ms.toFixed(1) ?? '-'];
    }),
  ]);
  const managerRows = labels.filter((label) => label.startsWith('manager'));
  const mean = (size: number, pick: (figures: Figures) => number) =>
    managerRows.reduce((sum, label) => sum + pick(bySize.get(size)?.get(label) as Figures), 0) / managerRows.length;
  rows.push([
    'manager, mean per request',
    ...SIZES.flatMap((size) => [mean(size, (f) => f.readUnits).toFixed(1), mean(size, (f) => f.ms).toFixed(1)]),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(' | ')} |`;
  return [
    line(header),
    `| ${widths.map((width, column) => (column === 0 ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`)).join(' | ')} |`,
    ...rows.map(line),
  ];
}

async function main(): Promise<void> {
  log('starting DynamoDB Local in memory...');
  const database = await startDynamoDbLocal({ inMemory: true });
  try {
    const bySize = new Map<number, Map<string, Figures>>();
    for (const size of SIZES) bySize.set(size, await measureSize(database, size));
    log('20,000 owners: writing the snapshot through the store...');
    const largest = await largestSnapshotItem(database);
    const lines = [
      `Large organisations (${COMMAND}; ${runs} runs per request, DynamoDB Local in memory)`,
      `A regional manager (3 teams, 30 reps) in organisations of ${SIZES.map((size) => size.toLocaleString('en-US')).join(' and ')} reps: read units and ms per request`,
      ...table(bySize),
      `Largest snapshot item at 20,000 owners: ${(largest.bytes / 1024).toFixed(1)} KB (${largest.sortKey}; ${largest.items.toLocaleString('en-US')} items stored; DynamoDB's limit is 400 KB)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await database.stop();
  }
}

await main();
