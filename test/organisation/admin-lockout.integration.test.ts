/**
 * No admin can lock the organisation out: the engine does not know who else holds the
 * admin role (the identity provider does), so an admin may not deactivate their own rep,
 * and an operator with access to the table can reactivate a rep (the recovery path).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverAdminRep } from '#core/organisation/recover-admin-rep.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { adaptersOf } from '#functions/composition-root.js';
import { type ApiCall, apiClientOf } from '../support/api-requests.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { silentLogger } from '../support/engine-harness.js';
import { fixedClock } from '../support/fixed-clock.js';
import { bootstrapTestOrganisation, TEST_ADMIN } from '../support/test-organisation.js';

let table: TestTable;
let admin: ApiCall;
let secondAdmin: ApiCall;
const clock = fixedClock('2026-03-02T09:00:00Z');
const adminRep = { name: 'Sales Operations', email: 'sales-ops@example.com', teamId: 'company' };

beforeAll(async () => {
  table = await createTestTable('admin-lockout');
  await bootstrapTestOrganisation(table.dependencies(clock));
  const handler = createApiHandler(table.dependencies(clock), { logger: silentLogger });
  admin = apiClientOf(handler);
  secondAdmin = apiClientOf(handler, { as: { repId: 'ops2', role: 'admin' } });
});

afterAll(async () => {
  await table.delete();
});

describe('the last admin', () => {
  it('cannot deactivate their own rep: 422 naming active, nothing written, still in charge', async () => {
    const reply = await admin({ method: 'PUT', path: `/reps/${TEST_ADMIN.repId}`, body: { ...adminRep, active: false } });
    expect(reply.status).toBe(422);
    expect(reply.headers['content-type']).toContain('application/problem+json');
    expect(reply.body.errors).toEqual([{ field: 'active', message: expect.stringContaining('another admin') }]);
    expect((await admin({ method: 'GET', path: `/reps/${TEST_ADMIN.repId}` })).body).toMatchObject({ active: true, version: 1 });
    expect((await admin({ method: 'GET', path: '/audit?limit=50' })).body.items).toHaveLength(2);
  });

  it('may still change the rest of their own rep', async () => {
    const reply = await admin({ method: 'PUT', path: `/reps/${TEST_ADMIN.repId}`, body: { ...adminRep, name: 'Sales Ops' } });
    expect(reply).toMatchObject({ status: 200, body: { active: true, name: 'Sales Ops' } });
  });

  it('is deactivated by another admin, who then cannot deactivate themselves', async () => {
    expect(
      (await admin({ method: 'PUT', path: '/reps/ops2', body: { name: 'Ops Two', email: 'ops2@example.com', teamId: 'company' } })).status,
    ).toBe(201);
    const deactivated = await secondAdmin({
      method: 'PUT',
      path: `/reps/${TEST_ADMIN.repId}`,
      body: { ...adminRep, name: 'Sales Ops', active: false },
    });
    expect(deactivated).toMatchObject({ status: 200, body: { active: false } });
    expect((await admin({ method: 'GET', path: '/reps' })).status).toBe(403);
    const self = await secondAdmin({
      method: 'PUT',
      path: '/reps/ops2',
      body: { name: 'Ops Two', email: 'ops2@example.com', teamId: 'company', active: false },
    });
    expect(self).toMatchObject({ status: 422, body: { errors: [{ field: 'active' }] } });
  });
});

describe('recovery (npm run bootstrap -- --recover-admin <repId>)', () => {
  it('reactivates a deactivated rep, with an audit entry, so their admin token works again', async () => {
    clock.set('2026-03-02T10:00:00Z');
    const { rep, outcome } = await recoverAdminRep({ ...adaptersOf(table.dependencies(clock)), clock }, TEST_ADMIN.repId);
    expect(outcome).toBe('updated');
    expect(rep).toMatchObject({ id: TEST_ADMIN.repId, active: true });
    expect((await admin({ method: 'GET', path: '/reps' })).status).toBe(200);
    const trail = await admin({ method: 'GET', path: `/audit?kind=rep&id=${TEST_ADMIN.repId}&limit=1` });
    expect(trail.body.items[0]).toMatchObject({
      actor: { repId: TEST_ADMIN.repId, role: 'admin' },
      before: { active: false },
      after: { active: true },
    });
  });

  it('changes nothing for an active rep and refuses an unknown one', async () => {
    const again = await recoverAdminRep({ ...adaptersOf(table.dependencies(clock)), clock }, TEST_ADMIN.repId);
    expect(again.outcome).toBe('unchanged');
    await expect(recoverAdminRep({ ...adaptersOf(table.dependencies(clock)), clock }, 'ghost')).rejects.toThrow(
      /rep 'ghost' does not exist/,
    );
  });
});
