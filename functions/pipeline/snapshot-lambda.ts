/** Lambda entry of the scheduled as-at snapshots (EventBridge rules, see infra/). */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { dependenciesFromEnvironment } from '../shared/dependencies.js';
import { createSnapshotHandler, type SnapshotHandler } from './snapshot-handler.js';

export const handler: SnapshotHandler = createSnapshotHandler({ ...dependenciesFromEnvironment(), metrics: new Metrics() });
