/**
 * Route groups loaded on first use (functions/api/lazy-routes.ts): each lists exactly the
 * routes it loads, a load that fails is a 500 problem, never a crash, and is tried again.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it, vi } from 'vitest';
import { API_ROUTE_GROUPS } from '#functions/api/api-routes.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { isLazy, keysOf, type LazyRouteGroup, onFirstUse, type RouteGroup } from '#functions/api/lazy-routes.js';
import { defineRoute, json } from '#functions/api/route-definition.js';
import { apiClientOf } from '../support/api-requests.js';
import { callerOnlyDatabase } from '../support/caller-only-database.js';
import { fixedClock } from '../support/fixed-clock.js';

const keyText = ({ method, path }: { method: string; path: string }) => `${method} ${path}`;

describe('the API route groups', () => {
  it.each(API_ROUTE_GROUPS.filter(isLazy).map((group) => [group.name, group] as const))(
    'the lazy group %s lists exactly the routes it loads',
    async (_name, group) => {
      expect((await group.load()).map(keyText)).toEqual(group.keys.map(keyText));
    },
  );

  it('list every route once', () => {
    const keys = keysOf(API_ROUTE_GROUPS).map(keyText);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('a lazily loaded route', () => {
  const loaded = defineRoute({
    method: 'GET',
    path: '/lazy/{name}',
    operationId: 'getLazy',
    summary: 'a lazily loaded route',
    tag: 'health',
    responses: { 200: { description: 'ok' } },
    action: async () => json(200, { loaded: true }),
  });

  function handlerWith(load: () => Promise<readonly (typeof loaded)[]>) {
    const logger = new Logger({ logLevel: 'SILENT' });
    const error = vi.spyOn(logger, 'error');
    const group: LazyRouteGroup = { name: 'lazy', keys: [{ method: 'GET', path: '/lazy/{name}' }], load: onFirstUse(load) };
    const routes: readonly RouteGroup[] = [{ routes: [] }, group];
    const handler = createApiHandler(
      { documentClient: callerOnlyDatabase(async () => ({})), tableName: 'unused', clock: fixedClock('2016-02-15T12:00:00Z') },
      { logger, routes },
    );
    return { error, call: apiClientOf(handler) };
  }

  it('loads its group on the first request only', async () => {
    const load = vi.fn(async () => [loaded]);
    const { call } = handlerWith(load);

    expect(load).not.toHaveBeenCalled();
    expect((await call({ method: 'GET', path: '/lazy/a' })).body).toEqual({ loaded: true });
    expect((await call({ method: 'GET', path: '/lazy/b' })).status).toBe(200);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('answers a failed load with a 500 problem, logged once, and loads again on the next request', async () => {
    const load = vi
      .fn<() => Promise<readonly (typeof loaded)[]>>()
      .mockRejectedValueOnce(new Error("Cannot find module '/var/task/chunks/reports-X.mjs'"))
      .mockResolvedValue([loaded]);
    const { call, error } = handlerWith(load);

    const failed = await call({ method: 'GET', path: '/lazy/a' });
    expect(failed.status).toBe(500);
    expect(failed.headers['content-type']).toBe('application/problem+json');
    expect(JSON.stringify(failed.body)).not.toContain('chunks');
    expect(error).toHaveBeenCalledTimes(1);
    expect((await call({ method: 'GET', path: '/lazy/a' })).status).toBe(200);
  });

  it('answers a group that lists a route it does not define with a 500 problem', async () => {
    const { call } = handlerWith(async () => []);
    expect((await call({ method: 'GET', path: '/lazy/a' })).status).toBe(500);
  });

  it('is known to the router before it loads: another method is 405, naming the lazy route', async () => {
    const load = vi.fn(async () => [loaded]);
    const { call } = handlerWith(load);

    const reply = await call({ method: 'DELETE', path: '/lazy/a' });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET');
    expect(load).not.toHaveBeenCalled();
  });
});
