/**
 * Lambda entry of the reconcile command: the daily schedule (infra/scheduled-reconcile.ts)
 * sends `{"repair": false}` unless deployed with repair on; invoke with `{"repair": true}`
 * to repair drift.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { dependenciesFromEnvironment } from '../shared/dependencies.js';
import { createReconcileHandler, type ReconcileHandler } from './reconcile-handler.js';

export const handler: ReconcileHandler = createReconcileHandler({
  ...dependenciesFromEnvironment(),
  metrics: new Metrics(),
  logger: new Logger(),
});
