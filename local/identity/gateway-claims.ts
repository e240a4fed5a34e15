/**
 * Verified claims as API Gateway's HTTP API hands them to a payload 2.0 Lambda in
 * `requestContext.authorizer.jwt.claims`: every value a string. Observed on real HTTP APIs
 * (AWS does not document it): numbers and booleans as their text ("1612061676", "true"),
 * arrays as bracketed, space-separated text ("[admin manager]"), objects as JSON text, and
 * null-valued claims left out.
 */
export type GatewayClaims = Readonly<Record<string, string>>;

export function gatewayClaimsOf(payload: Readonly<Record<string, unknown>>): GatewayClaims {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === null || value === undefined) continue;
    claims[name] = claimText(value);
  }
  return claims;
}

function claimText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(claimText).join(' ')}]`;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}
