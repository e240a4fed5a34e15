/** Lambda entry of the stream recalculation: wires the environment once, at cold start. */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { dependenciesFromEnvironment, requiredEnvironment } from '../shared/dependencies.js';
import { SqsFailureSink } from '../shared/sqs-failure-sink.js';
import { createStreamHandler, type StreamHandler } from './stream-handler.js';

export const handler: StreamHandler = createStreamHandler({
  ...dependenciesFromEnvironment(),
  failureSink: new SqsFailureSink(requiredEnvironment('FAILURE_QUEUE_URL')),
  // Namespace and service from POWERTOOLS_METRICS_NAMESPACE / POWERTOOLS_SERVICE_NAME.
  metrics: new Metrics(),
});
