/**
 * The learned rates of the latest refresh: one item, `FORECASTS` / `RATES`, the rates as
 * gzipped JSON (fifty stages of nine cells is some tens of KB of JSON before gzip).
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LearnedRates } from '#core/forecasts/forecast-model.js';
import type { LearnedRatesRepository } from '#core/forecasts/forecast-repositories.js';
import type { Dependencies } from '../shared/dependencies.js';
import { keys } from '../store/keys.js';
import { LearnedRatesDocument } from './forecast-documents.js';
import { gunzipJson, gzipJson } from './gzipped-json.js';

export class LearnedRatesStore implements LearnedRatesRepository {
  constructor(private readonly deps: Dependencies) {}

  async read(): Promise<LearnedRates | undefined> {
    const { Item } = await this.deps.documentClient.send(new GetCommand({ TableName: this.deps.tableName, Key: keys.forecastRates() }));
    if (!Item) return undefined;
    // The schema reads the three on-time rates as an array; they were written as the core's triple.
    return gunzipJson(LearnedRatesDocument, Item, 'learned rates') as unknown as LearnedRates;
  }

  async write(rates: LearnedRates): Promise<void> {
    await this.deps.documentClient.send(
      new PutCommand({
        TableName: this.deps.tableName,
        Item: { ...keys.forecastRates(), type: 'LearnedRates', learnedAt: rates.learnedAt, data: gzipJson(rates) },
      }),
    );
  }
}
