/**
 * The response headers of the dashboard's files, the same wherever it is served: by the
 * local runtime (local/web/dashboard-files.ts) and, on AWS, by CloudFront's response headers
 * policy. The Content-Security-Policy allows only what the app needs: its own scripts,
 * styles, images (and data: URLs, which ECharts' image export uses), and requests to its own
 * origin (the API is on the same origin locally; on AWS the deployment adds the API's origin
 * to connect-src, and Cognito's to it for the token endpoint).
 */

/** The directives of the policy, in order; `contentSecurityPolicy` joins them. */
export const CONTENT_SECURITY_POLICY_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
};

/** The policy as a header value; `connectSources` are added to connect-src (the API and the identity provider on AWS). */
export function contentSecurityPolicy(connectSources: readonly string[] = []): string {
  return Object.entries(CONTENT_SECURITY_POLICY_DIRECTIVES)
    .map(([directive, sources]) => `${directive} ${[...sources, ...(directive === 'connect-src' ? connectSources : [])].join(' ')}`)
    .join('; ');
}

/** The security headers of every dashboard file (HSTS is added where it is served over HTTPS). */
export function dashboardSecurityHeaders(connectSources: readonly string[] = []): Readonly<Record<string, string>> {
  return {
    'content-security-policy': contentSecurityPolicy(connectSources),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
}

/** How long each kind of file may be cached: hashed assets for a year, what names them never without asking. */
export const DASHBOARD_CACHE_CONTROL = {
  /** index.html and config.json: revalidated on every load, so a deployment shows at once. */
  document: 'no-cache',
  /** Everything under assets/: its name changes with its content. */
  asset: 'public, max-age=31536000, immutable',
} as const;
