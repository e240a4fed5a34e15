import { Duration } from 'aws-cdk-lib';

/** Steady requests per second and burst a stage or route accepts before answering 429. */
export interface RouteThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * How long API Gateway waits for the function: an HTTP API integration's default, which is
 * also its maximum (AWS::ApiGatewayV2::Integration TimeoutInMillis).
 */
export const API_INTEGRATION_TIMEOUT = Duration.seconds(30);

/**
 * The API function's timeout: under API_INTEGRATION_TIMEOUT, so a slow request ends as the
 * function's own answer (logged, with its request id) rather than API Gateway's bare 503
 * while the function runs on unseen.
 */
export const API_FUNCTION_TIMEOUT = Duration.seconds(29);

/**
 * Routes whose one request costs far more than a typical one: a scan of the whole table
 * (time travel rebuilds the history; removing a stage looks for deals still in it), or
 * many writes (an import, a snapshot run). Each gets a route of its own in front of the
 * `/{proxy+}` routes (API Gateway picks the most specific route) and a budget of its own,
 * so a client repeating one of them is refused there (429) instead of spending the
 * stage-wide budget every other caller shares. HTTP APIs have no usage plans or API keys,
 * and WAF does not attach to them, so per-route budgets are the throttling API Gateway
 * itself offers; they are per route, not per caller.
 */
export const HEAVY_ROUTE_THROTTLING: Readonly<Record<string, RouteThrottle>> = {
  // A backfill: many deals per request, each with its field history.
  'POST /imports/opportunities': { rateLimit: 1, burstLimit: 2 },
  // A backfill of leads: up to 500 per request, each a transaction with its counters.
  'POST /imports/leads': { rateLimit: 1, burstLimit: 2 },
  // Scans the whole table and writes every scope of each instant in the range.
  'POST /pipeline/snapshots': { rateLimit: 1, burstLimit: 2 },
  // Time travel: each request scans the whole table to rebuild the history.
  'GET /pipeline/as-at': { rateLimit: 2, burstLimit: 5 },
  'GET /pipeline/change': { rateLimit: 2, burstLimit: 5 },
  // Admin only and rare; removing a stage scans the table for deals still in it.
  'PUT /stages': { rateLimit: 1, burstLimit: 2 },
};

/** A route's budget never above the stage's: lower stage limits from context win. */
export function withinStage(route: RouteThrottle, stage: RouteThrottle): RouteThrottle {
  return { rateLimit: Math.min(route.rateLimit, stage.rateLimit), burstLimit: Math.min(route.burstLimit, stage.burstLimit) };
}
