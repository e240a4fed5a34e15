/**
 * The backtest of every scope, as the latest refresh computed it: one item per scope,
 * `FORECASTS` / `BACKTEST#<scope key>`, the ScopeBacktest as gzipped JSON (twelve months and
 * a summary: a few KB). `writeAll` puts the new scopes, then deletes the stored scopes the
 * refresh no longer covers (a rep who left, a team removed). Not atomic: a read meanwhile
 * sees a scope's previous backtest or its new one, each whole.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ScopeBacktest } from '#core/forecasts/forecast-model.js';
import type { BacktestRepository } from '#core/forecasts/forecast-repositories.js';
import { type Scope, scopeKeyOf } from '#core/organisation/scope.js';
import type { Dependencies } from '../shared/dependencies.js';
import { batchWriteAll, type WriteRequest } from '../store/batch-operations.js';
import { keys } from '../store/keys.js';
import { queryAll } from '../store/query-pages.js';
import { ScopeBacktestDocument } from './forecast-documents.js';
import { gunzipJson, gzipJson } from './gzipped-json.js';

export class BacktestStore implements BacktestRepository {
  constructor(private readonly deps: Dependencies) {}

  async read(scope: Scope): Promise<ScopeBacktest | undefined> {
    const { Item } = await this.deps.documentClient.send(
      new GetCommand({ TableName: this.deps.tableName, Key: keys.forecastBacktest(scopeKeyOf(scope)) }),
    );
    return Item ? (gunzipJson(ScopeBacktestDocument, Item, 'backtest') as ScopeBacktest) : undefined;
  }

  async writeAll(backtests: readonly ScopeBacktest[]): Promise<void> {
    const prefix = keys.forecastBacktestPrefix();
    const stored = await queryAll(this.deps, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': prefix.pk, ':prefix': prefix.skPrefix },
      ProjectionExpression: 'pk, sk',
    });
    const puts = backtests.map((backtest) => ({
      ...keys.forecastBacktest(scopeKeyOf(backtest.scope)),
      type: 'ScopeBacktest',
      computedAt: backtest.computedAt,
      data: gzipJson(backtest),
    }));
    const kept = new Set(puts.map((item) => item.sk));
    const requests: WriteRequest[] = [
      ...puts.map((put) => ({ put })),
      ...stored.filter((item) => !kept.has(String(item.sk))).map((item) => ({ delete: { pk: String(item.pk), sk: String(item.sk) } })),
    ];
    await batchWriteAll(this.deps, requests);
  }
}
