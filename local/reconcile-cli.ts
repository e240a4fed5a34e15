/**
 * `npm run reconcile [-- --repair]`: recomputes every link, month record and deal
 * conversion cell from the opportunities, and every lead conversion cell from the leads,
 * and reports drift; with --repair, rewrites what drifted. Against the
 * running `npm start` by default, or any table: `--endpoint URL --table NAME`, or on AWS
 * `--table NAME` with the usual AWS credentials (the reconcile Lambda does the same).
 */
import './quiet-sdk-node-warning.js';
import { parseArgs } from 'node:util';
import { systemClock } from '#core/shared/clock.js';
import { createReconcileHandler } from '#functions/reconcile/reconcile-handler.js';
import { cliTableOf } from './cli-table.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      repair: { type: 'boolean', default: false },
      endpoint: { type: 'string' },
      table: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const { documentClient, tableName } = await cliTableOf({
    endpoint: values.endpoint,
    table: values.table,
    dataDirectory: values['data-dir'],
  });
  try {
    const startedAt = Date.now();
    const summary = await createReconcileHandler({ documentClient, tableName, clock: systemClock })({ repair: values.repair });
    console.log(
      `Checked ${summary.checked.opportunities} opportunities, ${summary.checked.links} links, ${summary.checked.records} month records, ${summary.checked.leads} leads and ${summary.checked.cells} conversion cells of ${tableName} in ${Date.now() - startedAt} ms.`,
    );
    console.log(summary.driftCount === 0 ? 'No drift.' : `Drift: ${summary.driftCount} record(s).`);
    for (const drift of summary.drift)
      console.log(
        `  ${drift.kind.padEnd(15)} ${drift.repMonth.repId} ${drift.repMonth.month}${drift.opportunityId ? ` ${drift.opportunityId}` : ''}: ${drift.detail}`,
      );
    if (summary.drift.length < summary.driftCount) console.log(`  ... and ${summary.driftCount - summary.drift.length} more`);
    for (const item of summary.invalidItems) {
      const mend =
        item.opportunityId !== undefined
          ? ` (left as linked; replace it with PUT /opportunities/${item.opportunityId} or DELETE it)`
          : item.leadId !== undefined
            ? ` (lead cells are not repaired until it is replaced by PUT /leads/${item.leadId})`
            : '';
      console.log(`  invalid item ${item.pk} ${item.sk}: ${item.reason.split('\n').join(' ')}${mend}`);
    }
    if (values.repair) console.log(`Repaired ${summary.repaired}; ${summary.changedMeanwhile} changed while reconciling (run again).`);
    else if (summary.driftCount > 0) console.log('Run with --repair to rewrite them.');
    process.exitCode = summary.driftCount > 0 && !values.repair ? 2 : 0;
  } finally {
    documentClient.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
