/**
 * The daily reconcile: an EventBridge rule runs the reconcile function in report-only mode,
 * the handler publishes the drift it finds as a metric, and an alarm fires on any drift.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ReconcileRepository } from '#core/reconcile/reconcile-repository.js';
import { createReconcileHandler, RECONCILE_METRICS } from '#functions/reconcile/reconcile-handler.js';
import type { Dependencies } from '#functions/shared/dependencies.js';
import { DEFAULT_METRICS_NAMESPACE } from '#infra/node-function.js';
import { RECONCILE_TABLE_ACTIONS } from '#infra/scheduled-reconcile.js';
import {
  actionsOf,
  crossStackAttribute,
  logicalIdOf,
  refersTo,
  type SynthesizedApp,
  statementsOfRole,
  synthesizeApp,
} from './synthesized-app.js';

type Resource = { Properties: Record<string, any> };

describe('scheduled reconcile', () => {
  let app: SynthesizedApp;
  let functionId: string;
  const ruleTargetingReconcile = (template = app.statelessTemplate): Resource | undefined =>
    (Object.values(template.findResources('AWS::Events::Rule')) as Resource[]).find((rule) =>
      (rule.Properties.Targets as Array<Record<string, any>>).some(
        (target) => JSON.stringify(target.Arn) === JSON.stringify({ 'Fn::GetAtt': [functionId, 'Arn'] }),
      ),
    );

  beforeAll(() => {
    app = synthesizeApp();
    functionId = logicalIdOf(app.stateless.reconcileFunction);
  });

  it('runs daily at 03:00 UTC, in report-only mode, retried by EventBridge', () => {
    const rule = ruleTargetingReconcile();

    expect(rule?.Properties).toMatchObject({ ScheduleExpression: 'cron(0 3 * * ? *)', State: 'ENABLED' });
    const [target] = rule!.Properties.Targets as Array<Record<string, any>>;
    expect(JSON.parse(target!.Input as string)).toEqual({ repair: false });
    expect(target!.RetryPolicy).toMatchObject({ MaximumRetryAttempts: expect.any(Number) });
  });

  it('repairs on the schedule only when -c reconcileRepair=true is given', () => {
    const repairing = synthesizeApp({ context: { reconcileRepair: 'true' } });
    const rule = ruleTargetingReconcile(repairing.statelessTemplate);

    expect(JSON.parse((rule!.Properties.Targets as Array<Record<string, any>>)[0]!.Input as string)).toEqual({ repair: true });
  });

  it('retries a failed run at most once: a rerun is a second full scan, and tomorrow comes anyway', () => {
    app.statelessTemplate.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 1,
    });
  });

  it('alarms when a run finds drift or invalid items, and when a run fails', () => {
    const alarms = Object.values(app.statelessTemplate.findResources('AWS::CloudWatch::Alarm')) as Resource[];
    for (const metricName of [RECONCILE_METRICS.drift, RECONCILE_METRICS.invalidItems]) {
      const alarm = alarms.find((candidate) => candidate.Properties.MetricName === metricName);
      expect(alarm?.Properties, metricName).toMatchObject({
        Namespace: DEFAULT_METRICS_NAMESPACE,
        Dimensions: [{ Name: 'service', Value: 'reconcile' }],
        Statistic: 'Maximum',
        Period: 86_400,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
    expect(
      alarms.some(
        (alarm) =>
          alarm.Properties.MetricName === 'Errors' &&
          JSON.stringify(alarm.Properties.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: functionId } }]),
      ),
    ).toBe(true);
  });

  it('may only Scan the table and PutItem (conditional repairs), nothing on indexes or the stream', () => {
    const statements = statementsOfRole(app.statelessTemplate, logicalIdOf(app.stateless.reconcileFunction.role!));
    const onTable = statements.filter((statement) =>
      refersTo(statement.Resource, crossStackAttribute(logicalIdOf(app.stateful.table), 'Arn')),
    );

    expect(onTable.flatMap(actionsOf).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Scan']);
    expect([...RECONCILE_TABLE_ACTIONS].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Scan']);
    expect(JSON.stringify(onTable)).not.toContain('/index/');
    expect(JSON.stringify(onTable)).not.toContain('StreamArn');
  });
});

describe('reconcile handler metrics', () => {
  const deps = {
    documentClient: undefined,
    tableName: 'unused',
    clock: { now: () => '2026-01-01T00:00:00.000Z' },
  } as unknown as Dependencies;
  const drifting: ReconcileRepository = {
    // A month record with totals but no link behind them: one record-totals drift.
    readAll: async () => ({
      opportunities: [],
      links: [],
      records: [{ repMonth: { repId: 'r1', month: '2026-01' }, totals: { 'count|open': 2 }, rev: 3 }],
      invalidItems: [{ pk: 'OPP#x', sk: 'OPPORTUNITY', reason: 'amount: too large' }],
    }),
    repairLink: async () => true,
    repairRecord: async () => true,
  };

  it('publishes the drift, invalid items and repairs of each run', async () => {
    const metrics = new Metrics({ namespace: DEFAULT_METRICS_NAMESPACE, serviceName: 'reconcile' });
    const added: Array<[string, number]> = [];
    vi.spyOn(metrics, 'addMetric').mockImplementation((name, _unit, value) => {
      added.push([name, value]);
      return metrics;
    });
    const published = vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);

    const summary = await createReconcileHandler({ ...deps, metrics, repository: drifting })({ repair: false });

    expect(summary.driftCount).toBe(1);
    expect(added).toEqual(
      expect.arrayContaining([
        [RECONCILE_METRICS.drift, 1],
        [RECONCILE_METRICS.invalidItems, 1],
        [RECONCILE_METRICS.repaired, 0],
      ]),
    );
    expect(published).toHaveBeenCalledOnce();
  });

  it('publishes zero drift too, so a clean run is visible', async () => {
    const metrics = new Metrics({ namespace: DEFAULT_METRICS_NAMESPACE, serviceName: 'reconcile' });
    const added = new Map<string, number>();
    vi.spyOn(metrics, 'addMetric').mockImplementation((name, _unit, value) => {
      added.set(name, value);
      return metrics;
    });
    vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const clean: ReconcileRepository = { ...drifting, readAll: async () => ({ opportunities: [], links: [], records: [] }) };

    await createReconcileHandler({ ...deps, metrics, repository: clean })();

    expect(added.get(RECONCILE_METRICS.drift)).toBe(0);
  });
});
