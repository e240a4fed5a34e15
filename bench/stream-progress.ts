/**
 * Knows, without polling, when each opportunity version has been handled by the stream.
 *
 * It wraps the stream handler the poller invokes: when an invocation returns, the records
 * it handled (those before the first reported failure) are marked processed, by the
 * opportunity id and version of their new image. An SDK middleware notes the moment the
 * stream's write of each deal's link committed (a TransactWriteItems of links and month
 * totals, often of several deals at once, or a lone link's PutItem), which is when the
 * deal's commission record is up to date: for the version the link names and for the
 * deal's earlier versions in the same invocation, which that write supersedes. It also tells the capacity meter which deal, and so
 * which kind of write, each of the stream's requests serves.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { StreamHandler } from '#local/stream-poller.js';
import { kindOfChange, type OpportunityImage } from './write-kinds.js';

export interface ProcessedVersion {
  readonly kind: string;
  /** performance.now() when its link write committed; undefined if the stream had no link to write. */
  readonly committedAt: number | undefined;
  /** performance.now() when the invocation that handled it returned. */
  readonly handledAt: number;
}

interface VersionInBatch {
  readonly version: number;
  readonly kind: string;
}

/** The records of one invocation by deal, and which of a deal's records is being handled. */
interface Invocation {
  readonly byDeal: Map<string, VersionInBatch[]>;
  readonly current: Map<string, number>;
}

type Image = OpportunityImage & { readonly id: string; readonly version: number };

export function versionKey(opportunityId: string, version: number): string {
  return `${opportunityId}#${version}`;
}

export class StreamProgress {
  readonly processed = new Map<string, ProcessedVersion>();
  private readonly invocations = new AsyncLocalStorage<Invocation>();
  private readonly commits = new Map<string, number>();
  private waiting: { readonly missing: Set<string>; progressed(): void } | undefined;

  wrap(handler: StreamHandler): StreamHandler {
    return async (event, context) => {
      const response = await this.invocations.run(invocationOf(event.Records), () => handler(event, context));
      const handledAt = performance.now();
      const failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
      for (const record of event.Records) {
        if (failed.has(record.dynamodb?.SequenceNumber ?? '')) break;
        this.markHandled(record, handledAt);
      }
      return response;
    };
  }

  /** Notes when the stream's link writes commit. */
  instrument(client: DynamoDBClient | DynamoDBDocumentClient): void {
    (client.middlewareStack as DynamoDBClient['middlewareStack']).add(
      (next, context) => async (args) => {
        const result = await next(args);
        const invocation = this.invocations.getStore();
        if (invocation) {
          const committedAt = performance.now();
          for (const link of linkVersionsIn(context.commandName ?? '', args.input))
            this.noteCommit(invocation, link.opportunityId, link.version, committedAt);
        }
        return result;
      },
      { step: 'initialize', name: 'benchStreamCommits' },
    );
  }

  /** The deal's link now reflects `version`, and so every earlier version of it in the invocation. */
  private noteCommit(invocation: Invocation, opportunityId: string, version: number, committedAt: number): void {
    const versions = new Set([version, ...(invocation.byDeal.get(opportunityId) ?? []).map((entry) => entry.version)]);
    for (const earlier of versions) {
      if (earlier > version) continue;
      const key = versionKey(opportunityId, earlier);
      if (!this.commits.has(key) && !this.processed.has(key)) this.commits.set(key, committedAt);
    }
  }

  /** The kind of write a stream request serves, for the capacity meter; undefined outside the stream. */
  readonly kindOfCall = (_commandName: string, input: Record<string, unknown>): string | undefined => {
    const invocation = this.invocations.getStore();
    const deal = invocation && dealReferenceIn(input);
    const versions = deal && invocation.byDeal.get(deal.opportunityId);
    if (!invocation || !deal || !versions) return undefined;
    // A deal's records are handled in order, each starting with a request that names its version
    // (field history, or the link transaction); the link read in between names only the deal.
    let index = invocation.current.get(deal.opportunityId) ?? 0;
    const named = deal.version === undefined ? -1 : versions.findIndex((entry) => entry.version === deal.version);
    if (named >= 0) {
      index = named;
      invocation.current.set(deal.opportunityId, index);
    }
    return versions[index]?.kind;
  };

  /** Resolves once every version is processed; rejects when the stream makes no progress for stallMs. */
  async waitForAll(keys: Iterable<string>, stallMs: number): Promise<void> {
    const missing = new Set([...keys].filter((key) => !this.processed.has(key)));
    if (missing.size === 0) return;
    await new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout;
      const armTimer = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          this.waiting = undefined;
          reject(
            new Error(
              `the stream made no progress for ${stallMs} ms; ${missing.size} versions unprocessed, e.g. ${[...missing].slice(0, 5).join(', ')}`,
            ),
          );
        }, stallMs);
      };
      armTimer();
      this.waiting = {
        missing,
        progressed: () => {
          if (missing.size > 0) return armTimer();
          clearTimeout(timer);
          this.waiting = undefined;
          resolve();
        },
      };
    });
  }

  private markHandled(record: DynamoDBRecord, handledAt: number): void {
    const { before, after } = imagesOf(record);
    const image = after ?? before;
    if (!image) return;
    const key = versionKey(image.id, image.version);
    if (this.processed.has(key)) return;
    this.processed.set(key, { kind: kindOfChange(before, after), committedAt: this.commits.get(key), handledAt });
    this.commits.delete(key);
    if (this.waiting?.missing.delete(key)) this.waiting.progressed();
  }
}

function invocationOf(records: readonly DynamoDBRecord[]): Invocation {
  const byDeal = new Map<string, VersionInBatch[]>();
  for (const record of records) {
    const { before, after } = imagesOf(record);
    const image = after ?? before;
    if (!image) continue;
    const versions = byDeal.get(image.id) ?? [];
    versions.push({ version: image.version, kind: kindOfChange(before, after) });
    byDeal.set(image.id, versions);
  }
  return { byDeal, current: new Map() };
}

function imagesOf(record: DynamoDBRecord): { before: Image | undefined; after: Image | undefined } {
  const image = (raw: unknown) => (raw ? (unmarshall(raw as Record<string, AttributeValue>) as Image) : undefined);
  return { before: image(record.dynamodb?.OldImage), after: image(record.dynamodb?.NewImage) };
}

/** The deal links (sort key DEAL#<id>) a PutItem or TransactWriteItems writes, with the deal version each reflects. */
export function linkVersionsIn(commandName: string, input: unknown): { opportunityId: string; version: number }[] {
  const fields = (input ?? {}) as { Item?: unknown; TransactItems?: readonly { Put?: { Item?: unknown } }[] };
  const items =
    commandName === 'PutItemCommand'
      ? [fields.Item]
      : commandName === 'TransactWriteItemsCommand'
        ? (fields.TransactItems ?? []).map((action) => action.Put?.Item)
        : [];
  return items.flatMap((item) => {
    const link = (item ?? {}) as Record<string, unknown>;
    return typeof link.sk === 'string' &&
      link.sk.startsWith('DEAL#') &&
      typeof link.opportunityId === 'string' &&
      typeof link.version === 'number'
      ? [{ opportunityId: link.opportunityId, version: link.version }]
      : [];
  });
}

/** The deal a stream request is about: a field-history or link item names it and its version, a link key only the deal. */
function dealReferenceIn(value: unknown, depth = 0): { opportunityId: string; version?: number } | undefined {
  if (depth > 6 || value === null || typeof value !== 'object') return undefined;
  const fields = value as Record<string, unknown>;
  if (typeof fields.opportunityId === 'string')
    return { opportunityId: fields.opportunityId, ...(typeof fields.version === 'number' ? { version: fields.version } : {}) };
  if (typeof fields.sk === 'string' && fields.sk.startsWith('DEAL#')) return { opportunityId: fields.sk.slice('DEAL#'.length) };
  for (const child of Object.values(fields)) {
    const found = dealReferenceIn(child, depth + 1);
    if (found) return found;
  }
  return undefined;
}
