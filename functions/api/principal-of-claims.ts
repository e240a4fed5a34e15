/**
 * The caller, from the claims API Gateway's JWT authorizer has verified. A user maps to a
 * rep by the `custom:repId` claim (a Cognito custom attribute; locally issued tokens carry
 * the same claim) and to a role by group membership, `cognito:groups`: `admin` over `manager` over `marketing` over `rep` (no group).
 *
 * API Gateway's HTTP API hands array claims to the function as one string, "[admin manager]",
 * so both that and a real array are read.
 */
import * as z from 'zod';
import { Id } from '#core/shared/common-schemas.js';
import type { Principal, Role } from '#core/shared/principal.js';

const Claims = z.object({
  'custom:repId': Id,
  'cognito:groups': z.union([z.array(z.string()), z.string()]).optional(),
});

/**
 * API Gateway serialises an array claim as "[a b]": the names are separated by spaces,
 * which Cognito group names cannot hold. Commas can be in a name, so they never split
 * one: "[sales,admin]" is the one group "sales,admin", not admin. A bare string is one group.
 */
function groupsOf(claim: string | readonly string[] | undefined): string[] {
  if (claim === undefined) return [];
  if (typeof claim !== 'string') return [...claim];
  const serialisedArray = /^\[(.*)\]$/s.exec(claim);
  if (!serialisedArray) return [claim];
  return (serialisedArray[1] ?? '').split(/\s+/).filter((group) => group.length > 0);
}

/** Undefined when the token names no rep: such a caller is refused, never given a default. */
export function principalOfClaims(claims: Readonly<Record<string, unknown>> | undefined): Principal | undefined {
  const parsed = Claims.safeParse(claims ?? {});
  if (!parsed.success) return undefined;
  const groups = groupsOf(parsed.data['cognito:groups']);
  const role: Role = groups.includes('admin')
    ? 'admin'
    : groups.includes('manager')
      ? 'manager'
      : groups.includes('marketing')
        ? 'marketing'
        : 'rep';
  return { repId: parsed.data['custom:repId'], role };
}
