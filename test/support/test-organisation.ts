/**
 * The organisation every API test starts from: its company (root team) and first admin,
 * made by the same bootstrap an operator runs, since every request needs an active rep
 * behind its token.
 */

import { bootstrapOrganisation } from '#core/organisation/bootstrap-organisation.js';
import type { Clock } from '#core/shared/clock.js';
import { adaptersOf } from '#functions/composition-root.js';
import type { Dependencies } from '#functions/shared/dependencies.js';
import type { TestUser } from './test-identity.js';

export const TEST_ADMIN = { repId: 'admin', role: 'admin' } as const satisfies TestUser;

/** Writes the company and the admin `TEST_ADMIN` names, at the clock's instant. */
export async function bootstrapTestOrganisation(
  deps: Dependencies,
  company: { readonly id: string; readonly name: string } = { id: 'company', name: 'Company' },
  clock: Clock = deps.clock,
): Promise<void> {
  await bootstrapOrganisation(
    { ...adaptersOf(deps), clock },
    { company, admin: { id: TEST_ADMIN.repId, name: 'Sales Operations', email: 'sales-ops@example.com' } },
  );
}
