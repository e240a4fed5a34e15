/**
 * Reading the audit trail, newest first: one subject's entries from its GSI1 partition, or
 * every entry (optionally of one kind) from the month partitions of the range, the latest
 * month first. The stores of the audited records write the entries (audit-item.ts).
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '#core/shared/audit-entry.js';
import type { AuditFilter, AuditRepository } from '#core/shared/audit-repository.js';
import { instantOf } from '#core/shared/instant.js';
import { InvalidCursorError, type Page, type PageRequest } from '#core/shared/page.js';
import { monthOfInstant, monthsBetween } from '#core/shared/period.js';
import type { Dependencies } from '../shared/dependencies.js';
import { keys } from '../store/keys.js';
import { decodeCursor, encodeCursor, type ItemKey, queryPage } from '../store/query-pages.js';
import { auditEntryFromItem } from './audit-item.js';

type Item = Record<string, unknown>;

/** The table key of an entry: what a cursor into the month partitions carries. */
const MONTH_CURSOR_ATTRIBUTES = ['pk', 'sk'] as const;

export class AuditStore implements AuditRepository {
  constructor(private readonly deps: Dependencies) {}

  async list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
    const result = filter.subject ? await this.subjectPage(filter, page) : await this.monthsPage(filter, page);
    return { items: result.items.map(auditEntryFromItem), nextCursor: result.nextCursor };
  }

  private subjectPage({ from, to, subject }: AuditFilter, page: PageRequest): Promise<Page<Item>> {
    const partition = keys.auditSubjectPartition(subject as NonNullable<AuditFilter['subject']>);
    return queryPage(
      this.deps,
      {
        IndexName: 'gsi1',
        // A sort key is `<at>#<suffix>`: from itself sorts before the entries made at it,
        // to before the entries made at it, so BETWEEN from AND to is [from, to).
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': partition.gsi1pk, ':from': from, ':to': to },
        ScanIndexForward: false,
      },
      page,
      { attributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'], fixed: partition },
    );
  }

  /**
   * The months of the range, latest first, each queried newest first until the page has
   * one entry more than it holds (so the last page says so) or the range is exhausted.
   * The cursor is the last entry's key; it must lie in one of the range's months.
   */
  private async monthsPage({ from, to, kind }: AuditFilter, page: PageRequest): Promise<Page<Item>> {
    if (from >= to) return { items: [], nextCursor: null };
    const lastMonth = monthOfInstant(new Date(instantOf(to).getTime() - 1));
    const months = monthsBetween(monthOfInstant(instantOf(from)), lastMonth).reverse();
    let startKey: ItemKey | undefined;
    let monthIndex = 0;
    if (page.cursor !== undefined) {
      startKey = decodeCursor(page.cursor, { attributes: MONTH_CURSOR_ATTRIBUTES, fixed: {} });
      const cursorPk = startKey.pk;
      monthIndex = months.findIndex((month) => keys.auditMonthPartition(month).pk === cursorPk);
      const cursorSk = startKey.sk ?? '';
      if (monthIndex < 0 || cursorSk < from || cursorSk > to) throw new InvalidCursorError();
    }

    const collected: Item[] = [];
    for (; monthIndex < months.length && collected.length <= page.limit; monthIndex++) {
      const month = months[monthIndex] as string;
      let exclusiveStartKey: ItemKey | undefined = startKey;
      startKey = undefined;
      do {
        const input: QueryCommandInput = {
          TableName: this.deps.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': keys.auditMonthPartition(month).pk,
            ':from': from,
            ':to': to,
            ...(kind ? { ':kind': kind } : {}),
          },
          ...(kind
            ? { FilterExpression: '#subject.#kind = :kind', ExpressionAttributeNames: { '#subject': 'subject', '#kind': 'kind' } }
            : {}),
          ScanIndexForward: false,
          Limit: page.limit + 1 - collected.length,
          ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}),
        };
        const result = await this.deps.documentClient.send(new QueryCommand(input));
        collected.push(...(result.Items ?? []));
        exclusiveStartKey = result.LastEvaluatedKey as ItemKey | undefined;
      } while (exclusiveStartKey && collected.length <= page.limit);
    }
    const items = collected.slice(0, page.limit);
    const last = items[items.length - 1];
    const more = collected.length > page.limit;
    return { items, nextCursor: more && last ? encodeCursor({ pk: String(last.pk), sk: String(last.sk) }) : null };
  }
}
