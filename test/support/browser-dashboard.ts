/**
 * The server side of the browser tests: the local runtime exactly as `npm start` runs it (the
 * real Lambda handlers over DynamoDB Local in memory, the stream poller, the dashboard built
 * and served at `/` with the local sign-in), loaded with the browser organisation through the
 * HTTP API by its admin, each request sent with the API's clock pinned to its date so that the
 * field history, quality counters and as-at snapshots carry real movement. Afterwards the
 * clock stays at SCENARIO_NOW (late February 2016), as a test's fixed clock would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bootstrapOrganisation } from '#core/organisation/bootstrap-organisation.js';
import type { Role } from '#core/shared/principal.js';
import { adaptersOf } from '#functions/composition-root.js';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '#local/local-runtime.js';
import type { PageApiRequest } from './browser.js';
import type { ApiAnswer } from './browser-figures.js';
import {
  BOOTSTRAP_AT,
  BROWSER_ADMIN,
  BROWSER_COMPANY,
  browserOrganisation,
  type DatedRequest,
  SCENARIO_NOW,
} from './browser-organisation.js';
import { fixedClock } from './fixed-clock.js';

export interface LoadedDashboard {
  /** The runtime's origin, without a trailing slash; the dashboard is at `${url}/`. */
  readonly url: string;
  readonly runtime: LocalRuntime;
  /** GETs a path from the API as `who`, with a token of the local issuer: what the engine itself answers. */
  apiGet(path: string, who: { readonly repId: string; readonly role: Role }): Promise<{ status: number; body: any }>;
  /** The API's own answers to the GETs a page made, each sent again with the bearer the page sent. */
  answersTo(requests: readonly PageApiRequest[]): Promise<ApiAnswer[]>;
  stop(): Promise<void>;
}

/** Runtime options a test file may set: how pipeline jobs are decided. */
export type DashboardRuntimeOptions = Pick<LocalRuntimeOptions, 'pipelineJobs'>;

/**
 * `moreRequests`: a test file's own data (leads, campaigns), sent among the organisation's by date, as its admin.
 * `runtimeOptions`: passed to the local runtime (e.g. every time-travel question a job).
 */
export async function startLoadedDashboard(
  moreRequests: readonly DatedRequest[] = [],
  runtimeOptions: DashboardRuntimeOptions = {},
): Promise<LoadedDashboard> {
  const dataDirectory = await mkdtemp(path.join(tmpdir(), 'dashboard-browser-'));
  const clock = fixedClock(BOOTSTRAP_AT);
  let runtime: LocalRuntime;
  try {
    runtime = await startLocalRuntime({
      port: 0,
      inMemory: true,
      dataDirectory,
      clock,
      dashboard: true,
      startSchedules: false,
      log: () => {},
      ...runtimeOptions,
    });
  } catch (error) {
    await rm(dataDirectory, { recursive: true, force: true });
    throw error;
  }
  const stop = async () => {
    await runtime.stop();
    await rm(dataDirectory, { recursive: true, force: true });
  };
  try {
    await bootstrapOrganisation({ ...adaptersOf(runtime.dependencies), clock }, { company: BROWSER_COMPANY, admin: BROWSER_ADMIN });
    const adminToken = await runtime.identity.issueToken({ repId: BROWSER_ADMIN.id, role: 'admin', expiresIn: '1h' });
    // In date order (a stable sort keeps each list's own order at one instant): the snapshots come last.
    const requests = [...browserOrganisation(), ...moreRequests].sort((a, b) => a.at.localeCompare(b.at));
    for (const request of requests) {
      clock.set(request.at);
      const response = await fetch(`${runtime.url}${request.path}`, {
        method: request.method,
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(request.body),
      });
      if (!response.ok) throw new Error(`${request.method} ${request.path} at ${request.at}: ${response.status} ${await response.text()}`);
    }
    await runtime.poller.waitUntilIdle(30_000);
    clock.set(SCENARIO_NOW);
  } catch (error) {
    await stop();
    throw error;
  }

  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (repId: string, role: Role) => {
    const key = `${repId}/${role}`;
    if (!tokens.has(key)) tokens.set(key, runtime.identity.issueToken({ repId, role, expiresIn: '1h' }));
    return tokens.get(key) as Promise<string>;
  };
  return {
    url: runtime.url,
    runtime,
    apiGet: async (requestPath, { repId, role }) => {
      const response = await fetch(`${runtime.url}${requestPath}`, { headers: { authorization: `Bearer ${await tokenFor(repId, role)}` } });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    answersTo: async (requests) => {
      const gets = requests.filter((request) => request.method === 'GET');
      const unique = [...new Map(gets.map((request) => [`${request.path} ${request.authorization}`, request])).values()];
      return Promise.all(
        unique.map(async (request) => {
          const response = await fetch(`${runtime.url}${request.path}`, {
            headers: request.authorization ? { authorization: request.authorization } : {},
          });
          const text = await response.text();
          return { path: request.path, status: response.status, body: text ? JSON.parse(text) : undefined };
        }),
      );
    },
    stop,
  };
}
