/**
 * A table of its own with the organisation bootstrapped and a second admin (`ops-2`) beside
 * the first, both calling the real API handler: two admins to race each other.
 */
import { expect } from 'vitest';
import type { Clock } from '#core/shared/clock.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { type ApiCall, apiClientOf } from './api-requests.js';
import { createTestTable, type TestTable } from './dynamodb-local.js';
import { silentLogger } from './engine-harness.js';
import { bootstrapTestOrganisation } from './test-organisation.js';

export interface TwoAdmins {
  readonly table: TestTable;
  /** The organisation's first admin. */
  readonly admin: ApiCall;
  /** A second admin, racing the first. */
  readonly otherAdmin: ApiCall;
}

export async function startTwoAdmins(name: string, clock: Clock): Promise<TwoAdmins> {
  const table = await createTestTable(name);
  const deps = table.dependencies(clock);
  await bootstrapTestOrganisation(deps);
  const handler = createApiHandler(deps, { logger: silentLogger });
  const admin = apiClientOf(handler);
  const otherAdmin = apiClientOf(handler, { as: { repId: 'ops-2', role: 'admin' } });
  const secondRep = { name: 'Ops Two', email: 'ops2@example.com', teamId: 'company' };
  expect((await admin({ method: 'PUT', path: '/reps/ops-2', body: secondRep })).status).toBe(201);
  return { table, admin, otherAdmin };
}
