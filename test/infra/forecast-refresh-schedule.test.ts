/**
 * The daily forecast refresh in the stateless stack: one EventBridge rule at 02:15 UTC
 * invoking the snapshot function with `{ refresh: 'forecasts', time }`, retried and
 * dead-lettered like the snapshot rules; the handler accepts exactly that event.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ForecastRefreshEvent } from '#functions/forecasts/forecast-refresh-handler.js';
import { FORECAST_REFRESH_SCHEDULE } from '#functions/pipeline/snapshot-rules.js';
import { nextForecastRefreshAfter } from '#local/forecast-refresh-scheduler.js';
import { logicalIdOf, type SynthesizedApp, synthesizeApp } from './synthesized-app.js';

describe('forecast refresh schedule', () => {
  let app: SynthesizedApp;
  let ids: { function: string; queue: string; rule: string };

  beforeAll(() => {
    app = synthesizeApp();
    const snapshots = app.stateless.scheduledSnapshots;
    ids = {
      function: logicalIdOf(snapshots.function),
      queue: logicalIdOf(snapshots.failureQueue),
      rule: logicalIdOf(snapshots.forecastRefreshRule),
    };
  });

  it('fires daily at 02:15 UTC', () => {
    const rule = app.statelessTemplate.findResources('AWS::Events::Rule')[ids.rule];
    expect(rule?.Properties).toMatchObject({
      ScheduleExpression: 'cron(15 2 * * ? *)',
      State: 'ENABLED',
      Description: FORECAST_REFRESH_SCHEDULE.description,
    });
  });

  it('invokes the snapshot function with { refresh: forecasts } and the event time, retried for up to 6 hours, then dead-lettered', () => {
    const targets = app.statelessTemplate.findResources('AWS::Events::Rule')[ids.rule]?.Properties.Targets as Array<Record<string, any>>;
    expect(targets).toHaveLength(1);
    const [target] = targets;
    expect(target?.Arn).toEqual({ 'Fn::GetAtt': [ids.function, 'Arn'] });
    expect(target?.InputTransformer.InputPathsMap).toEqual({ time: '$.time' });
    expect(target?.InputTransformer.InputTemplate).toBe('{"refresh":"forecasts","time":<time>}');
    expect(target?.RetryPolicy).toEqual({ MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 6 * 3600 });
    expect(target?.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [ids.queue, 'Arn'] } });
    app.statelessTemplate.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [ids.function, 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [ids.rule, 'Arn'] },
    });
  });

  it('the handler accepts the event the rule sends, and nothing else', () => {
    expect(ForecastRefreshEvent.parse({ refresh: 'forecasts', time: '2026-12-02T02:15:00Z' })).toEqual({
      refresh: 'forecasts',
      time: '2026-12-02T02:15:00Z',
    });
    expect(ForecastRefreshEvent.safeParse({ refresh: 'snapshots' }).success).toBe(false);
    expect(ForecastRefreshEvent.safeParse({ refresh: 'forecasts', series: 'monthly' }).success).toBe(false);
  });

  it('the local runtime fires at the same instant: the next 02:15 UTC', () => {
    expect(nextForecastRefreshAfter(new Date('2026-12-02T01:00:00.000Z'))).toBe('2026-12-02T02:15:00.000Z');
    expect(nextForecastRefreshAfter(new Date('2026-12-02T02:15:00.000Z'))).toBe('2026-12-03T02:15:00.000Z');
    expect(nextForecastRefreshAfter(new Date('2026-12-31T23:59:00.000Z'))).toBe('2027-01-01T02:15:00.000Z');
  });
});
