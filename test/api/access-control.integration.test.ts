/**
 * Who may see and change what, route by route, through the real handler on DynamoDB Local
 * with real signed tokens verified by the local authorizer.
 *
 * The table below has one entry per route of the API: a route added without a rule fails
 * the first test. Each entry says what a rep gets reaching for another rep's (or a
 * sales-operations) thing, what a manager gets outside their subtree, and what an allowed
 * caller gets. Every route is also tried with every kind of bad token, without the
 * authorizer's claims, and with tokens of an unknown and an inactive rep.
 *
 * The organisation: company ─ emea ─ uk; company ─ americas. Mia manages EMEA; Dave sells
 * in the UK, Erin in the Americas; Gus (UK) has left (inactive). Managers may change their
 * subtree's deals and targets (settings) unless a test says otherwise. Marketing's access is
 * tested with the leads and conversion metrics (test/leads, test/conversion).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { queuedJob } from '#core/pipeline/pipeline-job.js';
import { loadApiRoutes } from '#functions/api/api-routes.js';
import { PipelineJobStore } from '#functions/pipeline/pipeline-job-store.js';
import { type ApiCall, type ApiReply, type ApiRequest, apiClientOf, apiEvent, lambdaContext, replyOf } from '../support/api-requests.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { bearerFor, type TestUser, TOKEN_FLAWS } from '../support/test-identity.js';

const DAVE: TestUser = { repId: 'dave', role: 'rep' };
const MIA: TestUser = { repId: 'mia', role: 'manager' };
const MONTH = '2026-01';
const SETUP_AT = '2026-01-05T09:00:00.000Z';
const DAVE_JOB = '00000000-0000-4000-8000-00000000da7e';
const ERIN_JOB = '00000000-0000-4000-8000-0000000e7170';
const NOW = '2026-01-20T12:00:00.000Z';

const deal = (ownerId: string, name = `Deal of ${ownerId}`) => ({
  name,
  account: 'Acme',
  ownerId,
  stageId: 'proposal-made',
  closeDate: '2026-01-28',
  amount: 10_000_00,
});
const levels = (repId: string) => ({ repId, fromMonth: MONTH, bands: [{ from: 0, to: null, ratePercent: 5 }] });
const rep = (name: string, teamId: string) => ({ name, email: `${name.toLowerCase()}@example.com`, teamId, managerId: null, active: true });

type Who = 'rep' | 'manager' | 'admin';
interface Case {
  readonly as: Who;
  readonly request: ApiRequest;
  readonly status: number;
  /** For filtered lists: what the body must (not) hold. */
  readonly check?: (body: any) => void;
}
interface RouteRule {
  /** Dave (a rep) reaching for another rep's records, or for what only admins do. */
  readonly otherRep: Case;
  /** Mia (manager of EMEA) reaching outside her subtree, or for what only admins do. */
  readonly outsideSubtree: Case;
  /** Callers who may: at least one. */
  readonly allowed: readonly Case[];
}

const get = (path: string): ApiRequest => ({ method: 'GET', path });
const put = (path: string, body: unknown): ApiRequest => ({ method: 'PUT', path, body });
const post = (path: string, body: unknown): ApiRequest => ({ method: 'POST', path, body });
const owners = (items: readonly { ownerId: string }[]) => items.map((item) => item.ownerId);
const campaign = (name: string) => ({
  name,
  type: 'email',
  startDate: '2026-01-01',
  endDate: '2026-03-31',
  budgetedCost: 100_000,
  actualCost: 0,
});
const lead = (ownerId: string, name = `Lead of ${ownerId}`) => ({ name, company: 'Initech', source: 'web', campaignId: 'spring', ownerId });
const conversion = { closeDate: '2026-02-27', amount: 5_000_00 };
const ids = (items: readonly { id?: string; ownerId?: string }[]) => items.map((item) => item.id ?? item.ownerId);

const RULES: Record<string, RouteRule> = {
  'GET /health': {
    otherRep: { as: 'rep', request: get('/health'), status: 200 },
    outsideSubtree: { as: 'manager', request: get('/health'), status: 200 },
    allowed: [{ as: 'admin', request: get('/health'), status: 200 }],
  },
  'GET /openapi.json': {
    otherRep: { as: 'rep', request: get('/openapi.json'), status: 200 },
    outsideSubtree: { as: 'manager', request: get('/openapi.json'), status: 200 },
    allowed: [{ as: 'admin', request: get('/openapi.json'), status: 200 }],
  },
  'GET /me': {
    otherRep: {
      as: 'rep',
      request: get('/me'),
      status: 200,
      check: (body) => expect(body).toMatchObject({ role: 'rep', company: null, teams: [], reps: [{ id: 'dave' }] }),
    },
    outsideSubtree: {
      as: 'manager',
      request: get('/me'),
      status: 200,
      check: (body) => {
        expect(body).toMatchObject({ rep: { id: 'mia', teamId: 'emea' }, role: 'manager', company: null });
        expect(ids(body.teams)).toEqual(['emea', 'uk']);
        expect(ids(body.reps)).toEqual(['mia', 'dave', 'gus']);
      },
    },
    allowed: [
      {
        as: 'admin',
        request: get('/me'),
        status: 200,
        check: (body) => {
          expect(body.company).toEqual({ id: 'company', name: 'Acme' });
          expect(ids(body.teams)).toEqual(['company', 'americas', 'emea', 'uk']);
          expect(ids(body.reps)).toEqual(expect.arrayContaining(['admin', 'erin', 'mia', 'dave', 'gus']));
        },
      },
    ],
  },
  'PUT /reps/{repId}': {
    otherRep: { as: 'rep', request: put('/reps/erin', rep('Erin', 'uk')), status: 403 },
    outsideSubtree: { as: 'manager', request: put('/reps/erin', rep('Erin', 'emea')), status: 403 },
    allowed: [{ as: 'admin', request: put('/reps/newbie', rep('Newbie', 'americas')), status: 201 }],
  },
  'GET /reps/{repId}': {
    otherRep: { as: 'rep', request: get('/reps/erin'), status: 404 },
    outsideSubtree: { as: 'manager', request: get('/reps/erin'), status: 404 },
    allowed: [
      { as: 'rep', request: get('/reps/dave'), status: 200 },
      { as: 'manager', request: get('/reps/dave'), status: 200 },
      { as: 'admin', request: get('/reps/erin'), status: 200 },
    ],
  },
  'GET /reps': {
    otherRep: { as: 'rep', request: get('/reps'), status: 200, check: (body) => expect(ids(body.items)).toEqual(['dave']) },
    outsideSubtree: { as: 'manager', request: get('/reps?teamId=americas'), status: 200, check: (body) => expect(body.items).toEqual([]) },
    allowed: [
      { as: 'manager', request: get('/reps'), status: 200, check: (body) => expect(ids(body.items)).toEqual(['dave', 'gus', 'mia']) },
      {
        as: 'admin',
        request: get('/reps'),
        status: 200,
        check: (body) => expect(ids(body.items)).toEqual(expect.arrayContaining(['admin', 'dave', 'erin', 'gus', 'mia'])),
      },
    ],
  },
  'PUT /teams/{teamId}': {
    otherRep: { as: 'rep', request: put('/teams/uk', { name: 'Mine', parentTeamId: 'company' }), status: 403 },
    outsideSubtree: { as: 'manager', request: put('/teams/uk', { name: 'UK & Ireland', parentTeamId: 'emea' }), status: 403 },
    allowed: [{ as: 'admin', request: put('/teams/apac', { name: 'APAC', parentTeamId: 'company' }), status: 201 }],
  },
  'GET /teams/{teamId}': {
    otherRep: { as: 'rep', request: get('/teams/americas'), status: 200 },
    outsideSubtree: { as: 'manager', request: get('/teams/americas'), status: 200 },
    allowed: [{ as: 'admin', request: get('/teams/americas'), status: 200 }],
  },
  'GET /teams': {
    otherRep: { as: 'rep', request: get('/teams'), status: 200 },
    outsideSubtree: { as: 'manager', request: get('/teams'), status: 200 },
    allowed: [{ as: 'admin', request: get('/teams'), status: 200 }],
  },
  'GET /stages': {
    otherRep: { as: 'rep', request: get('/stages'), status: 200 },
    outsideSubtree: { as: 'manager', request: get('/stages'), status: 200 },
    allowed: [{ as: 'admin', request: get('/stages'), status: 200 }],
  },
  'PUT /stages': {
    otherRep: { as: 'rep', request: put('/stages', DEFAULT_STAGES), status: 403 },
    outsideSubtree: { as: 'manager', request: put('/stages', DEFAULT_STAGES), status: 403 },
    allowed: [{ as: 'admin', request: put('/stages', DEFAULT_STAGES), status: 200 }],
  },
  'GET /settings': {
    otherRep: { as: 'rep', request: get('/settings'), status: 200 },
    outsideSubtree: { as: 'manager', request: get('/settings'), status: 200 },
    allowed: [{ as: 'admin', request: get('/settings'), status: 200 }],
  },
  'PUT /settings': {
    otherRep: { as: 'rep', request: put('/settings', { fiscalYearStartMonth: 4 }), status: 403 },
    // A manager granting themselves more than sales operations allowed.
    outsideSubtree: {
      as: 'manager',
      request: put('/settings', { fiscalYearStartMonth: 1, managers: { editDeals: true, editTargets: true } }),
      status: 403,
    },
    allowed: [
      {
        as: 'admin',
        request: put('/settings', { fiscalYearStartMonth: 1, managers: { editDeals: true, editTargets: true } }),
        status: 200,
      },
    ],
  },
  'PUT /opportunities/{opportunityId}': {
    otherRep: { as: 'rep', request: put('/opportunities/deal-erin', deal('dave')), status: 404 },
    outsideSubtree: { as: 'manager', request: put('/opportunities/deal-erin', deal('erin', 'Renamed')), status: 404 },
    allowed: [
      { as: 'rep', request: put('/opportunities/deal-dave-2', deal('dave')), status: 201 },
      { as: 'manager', request: put('/opportunities/deal-dave', deal('dave', 'Renamed by Mia')), status: 200 },
      { as: 'admin', request: put('/opportunities/deal-erin', deal('erin', 'Renamed by ops')), status: 200 },
    ],
  },
  'GET /opportunities/{opportunityId}': {
    otherRep: { as: 'rep', request: get('/opportunities/deal-erin'), status: 404 },
    outsideSubtree: { as: 'manager', request: get('/opportunities/deal-erin'), status: 404 },
    allowed: [
      { as: 'rep', request: get('/opportunities/deal-dave'), status: 200 },
      { as: 'manager', request: get('/opportunities/deal-dave'), status: 200 },
      { as: 'admin', request: get('/opportunities/deal-erin'), status: 200 },
    ],
  },
  'GET /opportunities/{opportunityId}/history': {
    otherRep: { as: 'rep', request: get('/opportunities/deal-erin/history'), status: 404 },
    outsideSubtree: { as: 'manager', request: get('/opportunities/deal-erin/history'), status: 404 },
    allowed: [
      { as: 'rep', request: get('/opportunities/deal-dave/history'), status: 200 },
      { as: 'manager', request: get('/opportunities/deal-dave/history'), status: 200 },
      { as: 'admin', request: get('/opportunities/deal-erin/history'), status: 200 },
    ],
  },
  'DELETE /opportunities/{opportunityId}': {
    otherRep: { as: 'rep', request: { method: 'DELETE', path: '/opportunities/deal-erin' }, status: 404 },
    outsideSubtree: { as: 'manager', request: { method: 'DELETE', path: '/opportunities/deal-erin' }, status: 404 },
    allowed: [{ as: 'admin', request: { method: 'DELETE', path: '/opportunities/deal-to-delete' }, status: 204 }],
  },
  'GET /opportunities': {
    otherRep: { as: 'rep', request: get('/opportunities?ownerId=erin'), status: 200, check: (body) => expect(body.items).toEqual([]) },
    outsideSubtree: {
      as: 'manager',
      request: get('/opportunities?ownerId=erin'),
      status: 200,
      check: (body) => expect(body.items).toEqual([]),
    },
    allowed: [
      { as: 'rep', request: get('/opportunities'), status: 200, check: (body) => expect(ids(body.items)).toContain('deal-dave') },
      {
        as: 'admin',
        request: get('/opportunities?ownerId=erin'),
        status: 200,
        check: (body) => expect(ids(body.items)).toEqual(['deal-erin']),
      },
    ],
  },
  'PUT /targets': {
    otherRep: { as: 'rep', request: put('/targets', { ownerType: 'rep', ownerId: 'dave', amounts: { [MONTH]: 1 } }), status: 403 },
    outsideSubtree: {
      as: 'manager',
      request: put('/targets', { ownerType: 'team', ownerId: 'americas', amounts: { [MONTH]: 1 } }),
      status: 403,
    },
    allowed: [
      { as: 'manager', request: put('/targets', { ownerType: 'rep', ownerId: 'dave', amounts: { [MONTH]: 60_000_00 } }), status: 200 },
      { as: 'admin', request: put('/targets', { ownerType: 'rep', ownerId: 'erin', amounts: { [MONTH]: 60_000_00 } }), status: 200 },
    ],
  },
  'GET /targets': {
    otherRep: { as: 'rep', request: get(`/targets?ownerType=rep&ownerId=erin&from=${MONTH}&to=${MONTH}`), status: 404 },
    outsideSubtree: { as: 'manager', request: get(`/targets?ownerType=team&ownerId=americas&from=${MONTH}&to=${MONTH}`), status: 403 },
    allowed: [
      { as: 'rep', request: get(`/targets?ownerType=rep&ownerId=dave&from=${MONTH}&to=${MONTH}`), status: 200 },
      { as: 'manager', request: get(`/targets?ownerType=team&ownerId=uk&from=${MONTH}&to=${MONTH}`), status: 200 },
    ],
  },
  'PUT /commission-levels': {
    otherRep: { as: 'rep', request: put('/commission-levels', levels('dave')), status: 403 },
    outsideSubtree: { as: 'manager', request: put('/commission-levels', levels('dave')), status: 403 },
    allowed: [{ as: 'admin', request: put('/commission-levels', levels('erin')), status: 200 }],
  },
  'GET /reps/{repId}/commission-levels': {
    otherRep: { as: 'rep', request: get(`/reps/erin/commission-levels?month=${MONTH}`), status: 404 },
    outsideSubtree: { as: 'manager', request: get(`/reps/erin/commission-levels?month=${MONTH}`), status: 404 },
    allowed: [
      { as: 'rep', request: get(`/reps/dave/commission-levels?month=${MONTH}`), status: 200 },
      { as: 'manager', request: get(`/reps/dave/commission-levels?month=${MONTH}`), status: 200 },
    ],
  },
  'GET /reps/{repId}/months/{month}': {
    otherRep: { as: 'rep', request: get(`/reps/erin/months/${MONTH}`), status: 404 },
    outsideSubtree: { as: 'manager', request: get(`/reps/erin/months/${MONTH}`), status: 404 },
    allowed: [
      { as: 'rep', request: get(`/reps/dave/months/${MONTH}`), status: 200 },
      { as: 'manager', request: get(`/reps/dave/months/${MONTH}`), status: 200 },
      { as: 'admin', request: get(`/reps/erin/months/${MONTH}`), status: 200 },
    ],
  },
  'GET /reps/{repId}/months/{month}/commission/next-sale': {
    otherRep: { as: 'rep', request: get(`/reps/erin/months/${MONTH}/commission/next-sale`), status: 404 },
    outsideSubtree: { as: 'manager', request: get(`/reps/erin/months/${MONTH}/commission/next-sale`), status: 404 },
    allowed: [
      { as: 'rep', request: get(`/reps/dave/months/${MONTH}/commission/next-sale`), status: 200 },
      { as: 'manager', request: get(`/reps/dave/months/${MONTH}/commission/next-sale`), status: 200 },
      { as: 'admin', request: get(`/reps/erin/months/${MONTH}/commission/next-sale`), status: 200 },
    ],
  },
  'GET /reps/{repId}/months/{month}/commission/change': {
    // A rep sees the history of their own levels here, though the audit trail is admins' only.
    otherRep: { as: 'rep', request: get(`/reps/erin/months/${MONTH}/commission/change?from=2026-01-01`), status: 404 },
    outsideSubtree: { as: 'manager', request: get(`/reps/erin/months/${MONTH}/commission/change?from=2026-01-01`), status: 404 },
    allowed: [
      { as: 'rep', request: get(`/reps/dave/months/${MONTH}/commission/change?from=2026-01-01`), status: 200 },
      { as: 'manager', request: get(`/reps/dave/months/${MONTH}/commission/change?from=2026-01-01`), status: 200 },
      { as: 'admin', request: get(`/reps/erin/months/${MONTH}/commission/change?from=2026-01-01`), status: 200 },
    ],
  },
  'GET /teams/{teamId}/periods/{period}': {
    // A rep sees their own figures, not their team's.
    otherRep: { as: 'rep', request: get(`/teams/uk/periods/${MONTH}`), status: 403 },
    outsideSubtree: { as: 'manager', request: get(`/teams/americas/periods/${MONTH}`), status: 403 },
    allowed: [
      { as: 'manager', request: get(`/teams/emea/periods/${MONTH}`), status: 200 },
      { as: 'admin', request: get(`/teams/americas/periods/${MONTH}`), status: 200 },
    ],
  },
  'GET /company/periods/{period}': {
    otherRep: { as: 'rep', request: get(`/company/periods/${MONTH}`), status: 403 },
    outsideSubtree: { as: 'manager', request: get(`/company/periods/${MONTH}`), status: 403 },
    allowed: [{ as: 'admin', request: get(`/company/periods/${MONTH}`), status: 200 }],
  },
  'GET /reps/{repId}/periods/{period}': {
    otherRep: { as: 'rep', request: get('/reps/erin/periods/2026-Q1'), status: 404 },
    outsideSubtree: { as: 'manager', request: get('/reps/erin/periods/2026-Q1'), status: 404 },
    allowed: [
      { as: 'rep', request: get('/reps/dave/periods/2026-Q1'), status: 200 },
      { as: 'manager', request: get('/reps/dave/periods/2026-FY'), status: 200 },
      { as: 'admin', request: get(`/reps/erin/periods/${MONTH}`), status: 200 },
    ],
  },
  'GET /company/months': {
    otherRep: { as: 'rep', request: get(`/company/months?from=${MONTH}&to=${MONTH}`), status: 403 },
    outsideSubtree: { as: 'manager', request: get(`/company/months?from=${MONTH}&to=${MONTH}`), status: 403 },
    allowed: [{ as: 'admin', request: get('/company/months?from=2026-01&to=2026-12'), status: 200 }],
  },
  'GET /teams/{teamId}/months': {
    // A rep sees their own figures, not their team's.
    otherRep: { as: 'rep', request: get(`/teams/uk/months?from=${MONTH}&to=${MONTH}`), status: 403 },
    outsideSubtree: { as: 'manager', request: get(`/teams/americas/months?from=${MONTH}&to=${MONTH}`), status: 403 },
    allowed: [
      { as: 'manager', request: get(`/teams/emea/months?from=${MONTH}&to=${MONTH}`), status: 200 },
      { as: 'admin', request: get(`/teams/americas/months?from=${MONTH}&to=${MONTH}`), status: 200 },
    ],
  },
  'GET /reps/{repId}/months': {
    otherRep: { as: 'rep', request: get(`/reps/erin/months?from=${MONTH}&to=${MONTH}`), status: 404 },
    outsideSubtree: { as: 'manager', request: get(`/reps/erin/months?from=${MONTH}&to=${MONTH}`), status: 404 },
    allowed: [
      { as: 'rep', request: get(`/reps/dave/months?from=${MONTH}&to=${MONTH}`), status: 200 },
      { as: 'manager', request: get(`/reps/dave/months?from=${MONTH}&to=${MONTH}`), status: 200 },
      { as: 'admin', request: get(`/reps/erin/months?from=${MONTH}&to=${MONTH}`), status: 200 },
    ],
  },
  'GET /quality': {
    otherRep: { as: 'rep', request: get(`/quality?month=${MONTH}&repId=erin`), status: 404 },
    outsideSubtree: { as: 'manager', request: get(`/quality?month=${MONTH}&teamId=americas`), status: 403 },
    allowed: [
      {
        as: 'rep',
        request: get(`/quality?month=${MONTH}`),
        status: 200,
        check: (body) => expect(new Set(ids(body.rows))).toEqual(new Set(['dave'])),
      },
      {
        as: 'manager',
        request: get(`/quality?month=${MONTH}`),
        status: 200,
        check: (body) => expect(ids(body.rows)).not.toContain('erin'),
      },
      { as: 'admin', request: get(`/quality?month=${MONTH}`), status: 200, check: (body) => expect(ids(body.rows)).toContain('erin') },
    ],
  },
  'POST /imports/opportunities': {
    otherRep: { as: 'rep', request: post('/imports/opportunities', { opportunities: [], history: [] }), status: 403 },
    outsideSubtree: { as: 'manager', request: post('/imports/opportunities', { opportunities: [], history: [] }), status: 403 },
    allowed: [{ as: 'admin', request: post('/imports/opportunities', { opportunities: [], history: [] }), status: 200 }],
  },
  'GET /pipeline/as-at': {
    otherRep: { as: 'rep', request: get('/pipeline/as-at?at=2026-01-10&repId=erin'), status: 404 },
    outsideSubtree: { as: 'manager', request: get('/pipeline/as-at?at=2026-01-10&teamId=americas'), status: 403 },
    allowed: [
      { as: 'rep', request: get('/pipeline/as-at?at=2026-01-10&repId=dave'), status: 200 },
      { as: 'manager', request: get('/pipeline/as-at?at=2026-01-10&teamId=emea'), status: 200 },
      { as: 'admin', request: get('/pipeline/as-at?at=2026-01-10'), status: 200 },
    ],
  },
  'GET /pipeline/trend': {
    otherRep: { as: 'rep', request: get('/pipeline/trend?repId=erin'), status: 404 },
    outsideSubtree: { as: 'manager', request: get('/pipeline/trend'), status: 403 },
    allowed: [
      { as: 'rep', request: get('/pipeline/trend?repId=dave'), status: 200 },
      { as: 'manager', request: get('/pipeline/trend?teamId=uk'), status: 200 },
      { as: 'admin', request: get('/pipeline/trend'), status: 200 },
    ],
  },
  'GET /pipeline/change': {
    otherRep: { as: 'rep', request: get('/pipeline/change?from=2026-01-06&repId=erin&deals=true'), status: 404 },
    outsideSubtree: { as: 'manager', request: get('/pipeline/change?from=2026-01-06&teamId=americas&deals=true'), status: 403 },
    allowed: [
      { as: 'rep', request: get('/pipeline/change?from=2026-01-06&repId=dave'), status: 200 },
      { as: 'manager', request: get('/pipeline/change?from=2026-01-06&teamId=emea&deals=true'), status: 200 },
    ],
  },
  'POST /pipeline/snapshots': {
    otherRep: { as: 'rep', request: post('/pipeline/snapshots', { date: '2026-01-12' }), status: 403 },
    outsideSubtree: { as: 'manager', request: post('/pipeline/snapshots', { date: '2026-01-12' }), status: 403 },
    allowed: [{ as: 'admin', request: post('/pipeline/snapshots', { date: '2026-01-12' }), status: 200 }],
  },
  'GET /pipeline/jobs/{jobId}': {
    // A job is its requester's (and sales operations'): anyone else finds none.
    otherRep: { as: 'rep', request: get(`/pipeline/jobs/${ERIN_JOB}`), status: 404 },
    outsideSubtree: { as: 'manager', request: get(`/pipeline/jobs/${DAVE_JOB}`), status: 404 },
    allowed: [
      { as: 'rep', request: get(`/pipeline/jobs/${DAVE_JOB}`), status: 200 },
      { as: 'admin', request: get(`/pipeline/jobs/${ERIN_JOB}`), status: 200 },
    ],
  },
  'PUT /campaigns/{campaignId}': {
    otherRep: { as: 'rep', request: put('/campaigns/autumn', campaign('Autumn')), status: 403 },
    outsideSubtree: { as: 'manager', request: put('/campaigns/autumn', campaign('Autumn')), status: 403 },
    allowed: [{ as: 'admin', request: put('/campaigns/autumn', campaign('Autumn')), status: 201 }],
  },
  'GET /campaigns/{campaignId}': {
    // Campaigns are not sales figures: every role reads them.
    otherRep: { as: 'rep', request: get('/campaigns/spring'), status: 200 },
    outsideSubtree: { as: 'manager', request: get('/campaigns/spring'), status: 200 },
    allowed: [{ as: 'admin', request: get('/campaigns/spring'), status: 200 }],
  },
  'GET /campaigns': {
    otherRep: { as: 'rep', request: get('/campaigns'), status: 200, check: (body) => expect(ids(body.items)).toContain('spring') },
    outsideSubtree: { as: 'manager', request: get('/campaigns'), status: 200 },
    allowed: [{ as: 'admin', request: get('/campaigns'), status: 200 }],
  },
  'PUT /leads/{leadId}': {
    otherRep: { as: 'rep', request: put('/leads/lead-erin', lead('erin', 'Renamed')), status: 404 },
    outsideSubtree: { as: 'manager', request: put('/leads/lead-erin', lead('erin', 'Renamed')), status: 404 },
    allowed: [
      { as: 'rep', request: put('/leads/lead-dave-new', lead('dave')), status: 201 },
      { as: 'manager', request: put('/leads/lead-dave-2', lead('dave')), status: 201 },
      { as: 'admin', request: put('/leads/lead-erin-2', lead('erin')), status: 201 },
    ],
  },
  'GET /leads/{leadId}': {
    otherRep: { as: 'rep', request: get('/leads/lead-erin'), status: 404 },
    outsideSubtree: { as: 'manager', request: get('/leads/lead-erin'), status: 404 },
    allowed: [
      { as: 'rep', request: get('/leads/lead-dave'), status: 200 },
      { as: 'manager', request: get('/leads/lead-dave'), status: 200 },
      { as: 'admin', request: get('/leads/lead-erin'), status: 200 },
    ],
  },
  'GET /leads': {
    otherRep: { as: 'rep', request: get('/leads?ownerId=erin'), status: 200, check: (body) => expect(body.items).toEqual([]) },
    outsideSubtree: { as: 'manager', request: get('/leads?ownerId=erin'), status: 200, check: (body) => expect(body.items).toEqual([]) },
    allowed: [
      { as: 'rep', request: get('/leads'), status: 200, check: (body) => expect(owners(body.items)).not.toContain('erin') },
      { as: 'manager', request: get('/leads'), status: 200, check: (body) => expect(owners(body.items)).not.toContain('erin') },
      { as: 'admin', request: get('/leads'), status: 200, check: (body) => expect(owners(body.items)).toContain('erin') },
    ],
  },
  'POST /leads/{leadId}/convert': {
    otherRep: { as: 'rep', request: post('/leads/lead-erin/convert', conversion), status: 404 },
    outsideSubtree: { as: 'manager', request: post('/leads/lead-erin/convert', conversion), status: 404 },
    allowed: [{ as: 'rep', request: post('/leads/lead-dave-convert/convert', conversion), status: 201 }],
  },
  'POST /imports/leads': {
    otherRep: { as: 'rep', request: post('/imports/leads', { leads: [] }), status: 403 },
    outsideSubtree: { as: 'manager', request: post('/imports/leads', { leads: [] }), status: 403 },
    allowed: [{ as: 'admin', request: post('/imports/leads', { leads: [] }), status: 200 }],
  },
  'GET /conversion/leads': {
    otherRep: { as: 'rep', request: get('/conversion/leads?repId=erin'), status: 404 },
    outsideSubtree: { as: 'manager', request: get('/conversion/leads?teamId=americas'), status: 403 },
    allowed: [
      { as: 'rep', request: get('/conversion/leads'), status: 200 },
      { as: 'manager', request: get('/conversion/leads?teamId=emea'), status: 200 },
      { as: 'admin', request: get('/conversion/leads'), status: 200 },
    ],
  },
  'GET /conversion/opportunities': {
    otherRep: { as: 'rep', request: get('/conversion/opportunities?repId=erin'), status: 404 },
    outsideSubtree: { as: 'manager', request: get('/conversion/opportunities?teamId=americas'), status: 403 },
    allowed: [
      { as: 'rep', request: get('/conversion/opportunities'), status: 200 },
      { as: 'manager', request: get('/conversion/opportunities?teamId=emea'), status: 200 },
      { as: 'admin', request: get('/conversion/opportunities'), status: 200 },
    ],
  },
  'GET /conversion/campaigns': {
    otherRep: { as: 'rep', request: get('/conversion/campaigns?repId=erin'), status: 404 },
    outsideSubtree: { as: 'manager', request: get('/conversion/campaigns?teamId=americas'), status: 403 },
    allowed: [
      { as: 'rep', request: get('/conversion/campaigns'), status: 200 },
      { as: 'manager', request: get('/conversion/campaigns?teamId=emea'), status: 200 },
      { as: 'admin', request: get('/conversion/campaigns'), status: 200 },
    ],
  },
  'GET /conversion/funnel': {
    otherRep: { as: 'rep', request: get('/conversion/funnel?repId=erin'), status: 404 },
    outsideSubtree: { as: 'manager', request: get('/conversion/funnel?teamId=americas'), status: 403 },
    allowed: [
      { as: 'rep', request: get('/conversion/funnel'), status: 200 },
      { as: 'manager', request: get('/conversion/funnel?teamId=emea'), status: 200 },
      { as: 'admin', request: get('/conversion/funnel'), status: 200 },
    ],
  },
  'GET /audit': {
    otherRep: { as: 'rep', request: get('/audit'), status: 403 },
    outsideSubtree: { as: 'manager', request: get('/audit'), status: 403 },
    allowed: [{ as: 'admin', request: get('/audit'), status: 200 }],
  },
  'GET /forecasts': {
    otherRep: { as: 'rep', request: get(`/forecasts?period=${MONTH}&repId=erin`), status: 404 },
    outsideSubtree: { as: 'manager', request: get(`/forecasts?period=${MONTH}&teamId=americas`), status: 403 },
    allowed: [
      { as: 'rep', request: get(`/forecasts?period=${MONTH}&repId=dave`), status: 200, check: (body) => expect(body.name).toBe('Dave') },
      {
        as: 'manager',
        request: get(`/forecasts?period=${MONTH}&teamId=emea`),
        status: 200,
        check: (body) => expect(body.name).toBe('EMEA'),
      },
      { as: 'admin', request: get(`/forecasts?period=${MONTH}`), status: 200, check: (body) => expect(body.name).toBe('Acme') },
    ],
  },
  'GET /forecasts/rates': {
    // Counts of deals by stage, no one's pay or pipeline: every role reads them.
    otherRep: { as: 'rep', request: get('/forecasts/rates'), status: 200 },
    outsideSubtree: { as: 'manager', request: get('/forecasts/rates'), status: 200 },
    allowed: [{ as: 'admin', request: get('/forecasts/rates'), status: 200 }],
  },
  'GET /forecasts/backtest': {
    otherRep: { as: 'rep', request: get('/forecasts/backtest?repId=erin'), status: 404 },
    outsideSubtree: { as: 'manager', request: get('/forecasts/backtest'), status: 403 },
    allowed: [
      { as: 'rep', request: get('/forecasts/backtest?repId=dave'), status: 200 },
      { as: 'manager', request: get('/forecasts/backtest?teamId=emea'), status: 200 },
      { as: 'admin', request: get('/forecasts/backtest'), status: 200 },
    ],
  },
};

const routeKeys = (await loadApiRoutes()).map((route) => `${route.method} ${route.path}`);

let engine: EngineHarness;
let callers: Record<Who, ApiCall>;

async function expectReply(call: ApiCall, request: ApiRequest, status: number): Promise<ApiReply> {
  const reply = await call(request);
  expect(reply.status, `${request.method} ${request.path}: ${JSON.stringify(reply.body)}`).toBe(status);
  return reply;
}

beforeAll(async () => {
  engine = await startEngine('access-control', SETUP_AT);
  callers = { rep: apiClientOf(engine.handler, { as: DAVE }), manager: apiClientOf(engine.handler, { as: MIA }), admin: engine.api };
  const setup: [string, unknown][] = [
    ['/teams/company', { name: 'Acme', parentTeamId: null }],
    ['/teams/emea', { name: 'EMEA', parentTeamId: 'company' }],
    ['/teams/uk', { name: 'UK', parentTeamId: 'emea' }],
    ['/teams/americas', { name: 'Americas', parentTeamId: 'company' }],
    ['/reps/mia', rep('Mia', 'emea')],
    ['/reps/dave', { ...rep('Dave', 'uk'), managerId: 'mia' }],
    ['/reps/erin', rep('Erin', 'americas')],
    ['/reps/gus', rep('Gus', 'uk')],
    ['/opportunities/deal-dave', deal('dave')],
    ['/opportunities/deal-erin', deal('erin')],
    ['/opportunities/deal-to-delete', deal('erin')],
    ['/settings', { fiscalYearStartMonth: 1, managers: { editDeals: true, editTargets: true } }],
    ['/campaigns/spring', campaign('Spring')],
    ['/leads/lead-dave', lead('dave')],
    ['/leads/lead-dave-convert', lead('dave')],
    ['/leads/lead-erin', lead('erin')],
  ];
  for (const [path, body] of setup) await engine.write('PUT', path, body, SETUP_AT);
  await engine.write('PUT', '/reps/gus', { ...rep('Gus', 'uk'), active: false }, '2026-01-06T09:00:00.000Z');
  await engine.settle();
  engine.clock.set(NOW);
  const jobs = new PipelineJobStore(engine.table.dependencies(engine.clock));
  for (const [id, repId] of [
    [DAVE_JOB, 'dave'],
    [ERIN_JOB, 'erin'],
  ] as const)
    await jobs.create(
      queuedJob({
        id,
        kind: 'as-at',
        request: { at: '2026-01-10', repId },
        principal: { repId, role: 'rep' },
        now: engine.clock.now(),
        itemsEstimated: null,
      }),
    );
}, 60_000);

afterAll(async () => {
  await engine?.stop();
});

describe('the rule table', () => {
  it('has a rule for every route of the API, and none for a route that does not exist', () => {
    expect(Object.keys(RULES).sort()).toEqual([...routeKeys].sort());
  });
});

describe.each(routeKeys)('%s', (routeKey) => {
  const rule = RULES[routeKey];

  it('refuses a rep reaching for another rep, or for what only admins do', async ({ skip }) => {
    if (!rule) return skip();
    const reply = await expectReply(callers[rule.otherRep.as], rule.otherRep.request, rule.otherRep.status);
    rule.otherRep.check?.(reply.body);
    if (reply.status >= 400) expect(reply.headers['content-type']).toBe('application/problem+json');
  });

  it('refuses a manager outside their subtree', async ({ skip }) => {
    if (!rule) return skip();
    const reply = await expectReply(callers[rule.outsideSubtree.as], rule.outsideSubtree.request, rule.outsideSubtree.status);
    rule.outsideSubtree.check?.(reply.body);
  });

  it('serves the callers who may', async ({ skip }) => {
    if (!rule) return skip();
    for (const allowed of rule.allowed) {
      const reply = await expectReply(callers[allowed.as], allowed.request, allowed.status);
      allowed.check?.(reply.body);
    }
  });

  it('refuses every bad token, and a request without verified claims, with 401', async ({ skip }) => {
    if (!rule) return skip();
    const request = rule.allowed[0]!.request;
    const admin = callers.admin;
    expect((await admin({ ...request, headers: { authorization: '' } })).status).toBe(401);
    // A rep's flawed tokens: a tampered one claims admin.
    for (const flaw of TOKEN_FLAWS) {
      const reply = await admin({ ...request, headers: await bearerFor(DAVE, { flaw }) });
      expect(reply.status, flaw).toBe(401);
    }
    // Reached without API Gateway's authorizer (a wiring mistake): the function refuses too.
    const direct = replyOf(await engine.handler(apiEvent(request), lambdaContext));
    expect(direct.status).toBe(401);
    expect(direct.headers['www-authenticate']).toBe('Bearer');
  });

  it('refuses the token of a rep that does not exist or has left with 403', async ({ skip }) => {
    if (!rule) return skip();
    const request = rule.allowed[0]!.request;
    for (const user of [
      { repId: 'ghost', role: 'admin' },
      { repId: 'gus', role: 'admin' },
    ] as const) {
      const reply = await callers.admin({ ...request, headers: await bearerFor(user) });
      expect(reply.status, user.repId).toBe(403);
    }
  });
});

describe('what a refusal reveals', () => {
  it("answers another rep's deal exactly as a deal that does not exist", async () => {
    const hidden = await callers.rep(get('/opportunities/deal-erin'));
    const missing = await callers.rep(get('/opportunities/deal-nobody'));
    expect(hidden.status).toBe(404);
    expect(hidden.body.detail.replace('deal-erin', 'X')).toBe(missing.body.detail.replace('deal-nobody', 'X'));
    for (const path of ['/reps/{id}/months/2026-01', '/reps/{id}/months?from=2026-01&to=2026-03', '/reps/{id}/periods/2026-Q1']) {
      const hiddenRep = await callers.manager(get(path.replace('{id}', 'erin')));
      const missingRep = await callers.manager(get(path.replace('{id}', 'nobody')));
      expect([hiddenRep.status, missingRep.status], path).toEqual([404, 404]);
      expect(hiddenRep.body.detail.replace('erin', 'X')).toBe(missingRep.body.detail.replace('nobody', 'X'));
    }
  });

  it('refuses a precondition on a hidden deal as hidden, not as a version conflict', async () => {
    const reply = await callers.rep({ ...put('/opportunities/deal-erin', deal('erin')), headers: { 'if-match': '"99"' } });
    expect(reply.status).toBe(404);
  });
});

describe("a deal's history", () => {
  it('says who made each change: the rep, their manager, sales operations', async () => {
    engine.clock.set('2026-01-21T09:00:00.000Z');
    await expectReply(callers.rep, put('/opportunities/deal-history', deal('dave')), 201);
    engine.clock.set('2026-01-21T10:00:00.000Z');
    await expectReply(callers.rep, put('/opportunities/deal-history', { ...deal('dave'), stageId: 'negotiation' }), 200);
    engine.clock.set('2026-01-21T11:00:00.000Z');
    await expectReply(
      callers.manager,
      put('/opportunities/deal-history', { ...deal('dave'), stageId: 'negotiation', amount: 12_000_00 }),
      200,
    );
    engine.clock.set('2026-01-21T12:00:00.000Z');
    await expectReply(callers.admin, { method: 'DELETE', path: '/opportunities/deal-history' }, 204);
    await engine.settle();
    engine.clock.set(NOW);

    const { body } = await expectReply(callers.rep, get('/opportunities/deal-history/history'), 200);
    expect(
      body.changes.map((change: { field: string; newValue: unknown; changedBy?: string; changedAt: string }) => [
        change.field,
        change.newValue,
        change.changedBy,
        change.changedAt,
      ]),
    ).toEqual([
      ['deleted', true, 'admin', '2026-01-21T12:00:00.000Z'],
      ['amount', 12_000_00, 'mia', '2026-01-21T11:00:00.000Z'],
      ['stageId', 'negotiation', 'dave', '2026-01-21T10:00:00.000Z'],
    ]);
    expect((await callers.rep(get('/opportunities/deal-history'))).body.status).toBe(404);
    expect((await callers.admin(get('/opportunities/deal-erin'))).body.opportunity).toMatchObject({ updatedBy: 'admin' });
  });
});

describe('filtered lists', () => {
  it("pages a manager's reps without gaps or empty pages, and gives a rep themselves on one page", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const reply: ApiReply = await expectReply(callers.manager, get(`/reps?limit=1${cursor ? `&cursor=${cursor}` : ''}`), 200);
      if (reply.body.nextCursor !== null) expect(reply.body.items).toHaveLength(1);
      seen.push(...reply.body.items.map((rep: { id: string }) => rep.id));
      cursor = reply.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['dave', 'gus', 'mia']);
    expect((await expectReply(callers.rep, get('/reps?limit=1'), 200)).body).toMatchObject({ items: [{ id: 'dave' }], nextCursor: null });
    expect((await expectReply(callers.rep, get('/reps?teamId=americas'), 200)).body).toEqual({ items: [], nextCursor: null });
  });
});

describe('role escalation', () => {
  it("refuses a rep's PUT of their own record (team, manager, active), and leaves it unchanged", async () => {
    const before = await callers.admin(get('/reps/dave'));
    for (const change of [{ teamId: 'company' }, { managerId: null }, { teamId: 'americas', active: true }]) {
      await expectReply(callers.rep, put('/reps/dave', { ...rep('Dave', 'uk'), managerId: 'mia', ...change }), 403);
    }
    await expectReply(callers.manager, put('/reps/mia', rep('Mia', 'company')), 403);
    expect((await callers.admin(get('/reps/dave'))).body).toEqual(before.body);
  });

  it('refuses a token whose groups were edited to admin', async () => {
    const reply = await callers.rep({ ...get('/company/periods/2026-01'), headers: await bearerFor(DAVE, { flaw: 'tampered-groups' }) });
    expect(reply.status).toBe(401);
  });

  it('refuses a rep giving their deal to another rep, or taking one', async () => {
    await expectReply(callers.rep, put('/opportunities/deal-dave', deal('erin')), 403);
    await expectReply(callers.rep, put('/opportunities/deal-new-for-erin', deal('erin')), 403);
    await expectReply(callers.manager, put('/opportunities/deal-dave', deal('erin')), 403);
  });
});

describe('teams a manager is named for', () => {
  it('lets a manager see a team that names them as its manager, until it no longer does', async () => {
    await expectReply(callers.admin, put('/teams/americas', { name: 'Americas', parentTeamId: 'company', managerId: 'ghost' }), 422);
    await expectReply(callers.admin, put('/teams/americas', { name: 'Americas', parentTeamId: 'company', managerId: 'mia' }), 200);
    await expectReply(callers.manager, get('/reps/erin'), 200);
    await expectReply(callers.manager, get(`/teams/americas/periods/${MONTH}`), 200);
    await expectReply(callers.manager, get(`/teams/americas/months?from=${MONTH}&to=${MONTH}`), 200);
    expect(ids((await expectReply(callers.manager, get('/me'), 200)).body.teams)).toEqual(['americas', 'emea', 'uk']);
    await expectReply(callers.manager, get(`/company/periods/${MONTH}`), 403);
    await expectReply(callers.rep, get('/reps/erin'), 404);
    await expectReply(callers.admin, put('/teams/americas', { name: 'Americas', parentTeamId: 'company' }), 200);
    await expectReply(callers.manager, get('/reps/erin'), 404);
  });
});

describe("managers' changes follow the settings", () => {
  it("refuses a manager their team's deals and targets until sales operations allows them, but never their own deals", async () => {
    await expectReply(callers.admin, put('/settings', { fiscalYearStartMonth: 1 }), 200);
    await expectReply(callers.manager, put('/opportunities/deal-dave', deal('dave', 'Mia again')), 403);
    await expectReply(callers.manager, put('/targets', { ownerType: 'team', ownerId: 'uk', amounts: { [MONTH]: 1 } }), 403);
    await expectReply(callers.manager, put('/opportunities/deal-mia', deal('mia')), 201);
    await expectReply(callers.admin, put('/settings', { fiscalYearStartMonth: 1, managers: { editDeals: true, editTargets: true } }), 200);
    await expectReply(callers.manager, put('/targets', { ownerType: 'team', ownerId: 'uk', amounts: { [MONTH]: 1 } }), 200);
  });
});
