/**
 * Serves the built dashboard on the API's origin, as CloudFront serves it on AWS: `/` and
 * `/index.html` (revalidated on every load), the hashed files under `/assets/` (cached for a
 * year), and `/config.json`, which tells the app where the API is (here: the same origin)
 * and how to sign in (here: the local sign-in). Every answer carries the dashboard's security
 * headers. Nothing else is a file: any other path goes on to the API.
 *
 * Only the files the build wrote can be served: they are read into memory once, by name,
 * and a request is looked up in that map, never joined to a directory, so no path
 * (`/assets/../package.json`, an encoded `%2e%2e`, a symlink) reaches anything else.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ASSETS_PREFIX, type WebBuild } from '#web/build/build-web.js';
import { DASHBOARD_CACHE_CONTROL, dashboardSecurityHeaders } from '#web/build/dashboard-headers.js';
import type { LocalRequest, LocalResponse, LocalRoutes } from '../http-server.js';

/** What `/config.json` says to the app; the shape the deployment writes too (with `auth.kind: 'cognito'`). */
export interface LocalDashboardConfig {
  readonly apiUrl: string;
  readonly auth: { readonly kind: 'local' };
}

export const LOCAL_DASHBOARD_CONFIG: LocalDashboardConfig = { apiUrl: '', auth: { kind: 'local' } };

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

interface ServedFile {
  readonly body: Buffer;
  readonly contentType: string;
  readonly cacheControl: string;
}

/** Routes for the dashboard a build wrote (see web/build/build-web.ts). */
export async function dashboardFiles(
  build: Pick<WebBuild, 'outDir' | 'files'>,
  config: LocalDashboardConfig = LOCAL_DASHBOARD_CONFIG,
): Promise<LocalRoutes> {
  const served = new Map<string, ServedFile>();
  for (const file of build.files) {
    const isIndex = file.path === 'index.html';
    if (!isIndex && !file.path.startsWith(`${ASSETS_PREFIX}/`)) continue;
    served.set(`/${file.path}`, {
      body: await readFile(path.join(build.outDir, ...file.path.split('/'))),
      contentType: CONTENT_TYPES[path.extname(file.path)] ?? 'application/octet-stream',
      cacheControl: isIndex ? DASHBOARD_CACHE_CONTROL.document : DASHBOARD_CACHE_CONTROL.asset,
    });
  }
  const index = served.get('/index.html');
  if (!index) throw new Error(`the dashboard build in ${build.outDir} has no index.html`);
  served.set('/', index);
  served.set('/config.json', {
    body: Buffer.from(JSON.stringify(config)),
    contentType: CONTENT_TYPES['.json'] as string,
    cacheControl: DASHBOARD_CACHE_CONTROL.document,
  });
  const headers = dashboardSecurityHeaders();

  return async (request: LocalRequest): Promise<LocalResponse | undefined> => {
    const isFilePath = served.has(request.rawPath) || request.rawPath.startsWith(`/${ASSETS_PREFIX}/`);
    if (!isFilePath) return undefined;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return {
        statusCode: 405,
        headers: { ...headers, allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' },
        body: 'Method Not Allowed',
      };
    }
    const file = served.get(request.rawPath);
    if (!file)
      return {
        statusCode: 404,
        headers: { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
        body: 'Not Found',
      };
    return {
      statusCode: 200,
      headers: {
        ...headers,
        'content-type': file.contentType,
        'cache-control': file.cacheControl,
        'content-length': String(file.body.length),
      },
      body: file.body,
    };
  };
}
