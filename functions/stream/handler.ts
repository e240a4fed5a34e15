/** Lambda entry of the stream recalculation: wires the environment once, at cold start. */
import { dependenciesFromEnvironment, requiredEnvironment } from '../shared/dependencies.js';
import { SqsFailureSink } from '../shared/sqs-failure-sink.js';
import { createStreamHandler, type StreamHandler } from './stream-handler.js';

export const handler: StreamHandler = createStreamHandler({
  ...dependenciesFromEnvironment(),
  failureSink: new SqsFailureSink(requiredEnvironment('FAILURE_QUEUE_URL')),
});
