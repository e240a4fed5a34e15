/**
 * The HTTP API routes only the methods in API_METHODS to the function (OPTIONS is left to
 * API Gateway's CORS preflight). A route of functions/api with another method would never be
 * reached, so every route there must use one of them.
 */
import { describe, expect, it } from 'vitest';
import { loadApiRoutes } from '#functions/api/api-routes.js';
import { API_METHODS } from '#infra/stateless-stack.js';

const routes = await loadApiRoutes();

describe('methods routed by the HTTP API', () => {
  it('cover the method of every route the API function serves', () => {
    const routed: readonly string[] = API_METHODS;
    const unrouted = routes.filter((route) => !routed.includes(route.method)).map((route) => `${route.method} ${route.path}`);

    expect(unrouted).toEqual([]);
  });

  it('are exactly the methods the API function serves, OPTIONS not among them', () => {
    expect([...new Set(routes.map((route) => route.method))].sort()).toEqual([...API_METHODS].sort());
    expect(API_METHODS).not.toContain('OPTIONS');
  });
});
