/**
 * The HTTP API Lambda entry point. The handler and its clients are built once per process,
 * at cold start, from the environment (a missing TABLE_NAME fails the cold start, not a
 * request). Tests and the local runtime build their own with createApiHandler.
 */
import { dependenciesFromEnvironment } from '../shared/dependencies.js';
import { callerRateLimitFromEnvironment } from './caller-rate-limit.js';
import { createApiHandler } from './create-api-handler.js';

export const handler = createApiHandler(dependenciesFromEnvironment(), { callerRateLimit: callerRateLimitFromEnvironment() });
