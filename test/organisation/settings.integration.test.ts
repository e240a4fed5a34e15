/**
 * The currency and locale of the settings through the real handler on DynamoDB Local:
 * defaults, validation at the boundary, canonical storage, every role reading them, and
 * the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LEAD_SOURCES } from '#core/organisation/settings.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { type ApiCall, apiClientOf } from '../support/api-requests.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { silentLogger } from '../support/engine-harness.js';
import { fixedClock } from '../support/fixed-clock.js';
import { bootstrapTestOrganisation } from '../support/test-organisation.js';

let table: TestTable;
let admin: ApiCall;
let rep: ApiCall;
let manager: ApiCall;
const clock = fixedClock('2026-03-02T09:00:00Z');
const managers = { editDeals: false, editTargets: false };

beforeAll(async () => {
  table = await createTestTable('api-settings-format');
  const deps = table.dependencies(clock);
  await bootstrapTestOrganisation(deps, { id: 'acme', name: 'Acme Ltd' });
  const handler = createApiHandler(deps, { logger: silentLogger });
  admin = apiClientOf(handler);
  rep = apiClientOf(handler, { as: { repId: 'dave', role: 'rep' } });
  manager = apiClientOf(handler, { as: { repId: 'mia', role: 'manager' } });
  for (const [repId, name] of [
    ['dave', 'Dave Apthorp'],
    ['mia', 'Mia Lund'],
  ] as const) {
    await admin({ method: 'PUT', path: `/reps/${repId}`, body: { name, email: `${repId}@example.com`, teamId: 'acme' } });
  }
});

afterAll(async () => {
  await table?.delete();
});

describe('the currency and locale', () => {
  it('are pounds written the British way until set, for every role', async () => {
    for (const call of [rep, manager, admin]) {
      const reply = await call({ method: 'GET', path: '/settings' });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        fiscalYearStartMonth: 1,
        managers,
        currency: 'GBP',
        locale: 'en-GB',
        leadSources: DEFAULT_LEAD_SOURCES,
      });
    }
  });

  it('are set by an admin, the locale stored canonical, read by every role, and audited', async () => {
    clock.set('2026-03-02T10:00:00Z');
    const put = await admin({ method: 'PUT', path: '/settings', body: { fiscalYearStartMonth: 4, currency: 'EUR', locale: 'de-de' } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ fiscalYearStartMonth: 4, managers, currency: 'EUR', locale: 'de-DE', leadSources: DEFAULT_LEAD_SOURCES });
    for (const call of [rep, manager]) expect((await call({ method: 'GET', path: '/settings' })).body).toEqual(put.body);

    // the same locale written otherwise is the same settings: nothing written, nothing recorded
    const repeat = await admin({ method: 'PUT', path: '/settings', body: { fiscalYearStartMonth: 4, currency: 'EUR', locale: 'DE-de' } });
    expect(repeat.headers.etag).toBe(put.headers.etag);
    const trail = await admin({ method: 'GET', path: '/audit?kind=settings&id=settings&from=2026-03-02' });
    expect(trail.body.items).toHaveLength(1);
    expect(trail.body.items[0]).toMatchObject({
      before: { currency: 'GBP', locale: 'en-GB' },
      after: { fiscalYearStartMonth: 4, currency: 'EUR', locale: 'de-DE' },
    });
  });

  it('refuse what is not an ISO 4217 code or a BCP 47 tag with 400 naming the field, and write nothing', async () => {
    const before = await admin({ method: 'GET', path: '/settings' });
    for (const [body, field] of [
      [{ fiscalYearStartMonth: 4, currency: 'eur' }, 'currency'],
      [{ fiscalYearStartMonth: 4, currency: 'XYZ' }, 'currency'],
      [{ fiscalYearStartMonth: 4, locale: 'de_DE' }, 'locale'],
    ] as const) {
      const reply = await admin({ method: 'PUT', path: '/settings', body });
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.headers['content-type']).toBe('application/problem+json');
      expect(reply.body.errors.map((error: { field: string }) => error.field)).toEqual([field]);
    }
    expect((await admin({ method: 'GET', path: '/settings' })).body).toEqual(before.body);
  });

  it('go back to the defaults when a PUT leaves them out, as the other settings do (a PUT replaces them all)', async () => {
    const reply = await admin({ method: 'PUT', path: '/settings', body: { fiscalYearStartMonth: 4 } });
    expect(reply.body).toMatchObject({ currency: 'GBP', locale: 'en-GB' });
  });

  it('may not be set by a manager', async () => {
    expect((await manager({ method: 'PUT', path: '/settings', body: { fiscalYearStartMonth: 4, currency: 'USD' } })).status).toBe(403);
  });
});
