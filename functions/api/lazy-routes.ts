/**
 * Routes whose code loads on first use. The Lambda bundle is split (lambda-bundling.ts): the
 * entry chunk holds what every request needs (routing, authentication, the caller, the
 * opportunity writes), and a group of routes only some requests need (reports, imports, the
 * pipeline, leads, ...) is a dynamic import, its own chunk, loaded by the first request to
 * one of them. The router still needs every method and path up front, so a lazy group lists
 * its keys; a test checks them against the routes the group loads.
 */
import type { ApiRoute, HttpMethod } from './route-definition.js';

export interface RouteKey {
  readonly method: HttpMethod;
  readonly path: string;
}

export interface LazyRouteGroup {
  /** For error messages and the test that checks `keys`. */
  readonly name: string;
  readonly keys: readonly RouteKey[];
  readonly load: () => Promise<readonly ApiRoute[]>;
}

/** Routes bundled into the entry chunk, or a group loaded on first use. */
export type RouteGroup = { readonly routes: readonly ApiRoute[] } | LazyRouteGroup;

export function isLazy(group: RouteGroup): group is LazyRouteGroup {
  return 'load' in group;
}

export function keysOf(groups: readonly RouteGroup[]): RouteKey[] {
  return groups.flatMap((group) => (isLazy(group) ? group.keys : group.routes.map(({ method, path }) => ({ method, path }))));
}

/** Every route, lazy groups loaded, in the groups' order (the OpenAPI document's order). */
export async function loadAllRoutes(groups: readonly RouteGroup[]): Promise<ApiRoute[]> {
  const loaded = await Promise.all(groups.map((group) => (isLazy(group) ? group.load() : group.routes)));
  return loaded.flat();
}

/**
 * `load` once, on the first call; every later call shares its result. A failed load is not
 * kept: the request that met it fails (500), and the next one tries again.
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/** The route of a lazy group with `key`, once the group has loaded. */
export async function loadRoute(group: LazyRouteGroup, key: RouteKey): Promise<ApiRoute> {
  const route = (await group.load()).find((candidate) => candidate.method === key.method && candidate.path === key.path);
  if (!route) throw new Error(`route group '${group.name}' lists ${key.method} ${key.path} but does not define it`);
  return route;
}
