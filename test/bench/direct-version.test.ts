import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Opportunity, OpportunityInput } from '#core/opportunities/opportunity.js';
import { putOpportunity } from '#core/opportunities/put-opportunity.js';
import { accessContextOf } from '#core/organisation/access-policy.js';
import type { Rep } from '#core/organisation/rep.js';
import { DEFAULT_SETTINGS } from '#core/organisation/settings.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { directVersionOf } from '../../bench/direct-version.js';
import { type OpportunityBody, WriteMix } from '../../bench/write-mix.js';

const ADMIN = 'bench-admin';
const admin = accessContextOf({
  principal: { repId: ADMIN, role: 'admin' },
  principalTeamId: undefined,
  tree: undefined,
  managers: { editDeals: false, editTargets: false },
});
const REP_IDS = ['rep-1', 'rep-2', 'rep-3'];
const MONTHS = ['2026-11', '2026-12', '2027-01'];
const stages = DEFAULT_STAGES.stages;

/** What PUT /opportunities/{id} stores for the body, over a map standing for the table. */
async function storedByPut(table: Map<string, Opportunity>, opportunityId: string, body: OpportunityBody, now: Date) {
  const result = await putOpportunity(
    {
      opportunities: {
        get: async (id) => table.get(id),
        save: async (opportunity) => void table.set(opportunity.id, opportunity),
        listByOwner: () => Promise.reject(new Error('unused')),
        findOneInStages: () => Promise.reject(new Error('unused')),
        history: () => Promise.reject(new Error('unused')),
      },
      reps: { get: async (id: string) => ({ id, active: true }) as Rep } as never,
      configurations: { get: async () => undefined, save: () => Promise.reject(new Error('unused')) },
      campaigns: { get: async () => undefined } as never,
      settings: { get: async () => ({ ...DEFAULT_SETTINGS, version: 0 }), save: () => Promise.reject(new Error('unused')) },
      clock: { now: () => now },
    },
    admin,
    opportunityId,
    OpportunityInput.parse(body),
  );
  return result.outcome === 'unchanged' ? undefined : result.record;
}

const body: OpportunityBody = {
  name: 'Globex renewal',
  account: 'Globex',
  ownerId: 'rep-1',
  stageId: 'proposal-made',
  closeDate: '2026-12-14',
  amount: 4_250_000,
};
const stored: Opportunity = Opportunity.parse({
  ...body,
  id: 'opp-1',
  stageOutcome: 'open',
  probability: null,
  productLines: [],
  createdAt: '2026-10-01T09:00:00.000Z',
  updatedAt: '2026-11-02T09:00:00.000Z',
  campaign: null,
  leadSource: null,
  leadId: 'lead-7',
  customerType: null,
  goNoGoDate: null,
  closePlan: null,
  discountRationale: null,
  priority: false,
  version: 3,
});
const now = new Date('2026-12-01T10:00:00.000Z');

describe('directVersionOf', () => {
  it('stores version + 1 with updatedAt now, keeping createdAt and the lead', () => {
    const version = directVersionOf({
      opportunityId: 'opp-1',
      body: { ...body, stageId: 'closed-won' },
      stored,
      stages,
      now,
      updatedBy: ADMIN,
    });
    expect(version).toMatchObject({
      version: 4,
      updatedAt: now.toISOString(),
      updatedBy: ADMIN,
      createdAt: stored.createdAt,
      leadId: 'lead-7',
      stageOutcome: 'won',
      deleted: false,
    });
  });

  it('creates version 1 created now', () => {
    const version = directVersionOf({ opportunityId: 'opp-2', body, stored: undefined, stages, now, updatedBy: ADMIN });
    expect(version).toMatchObject({ id: 'opp-2', version: 1, createdAt: now.toISOString(), leadId: null, deleted: false });
  });

  it('continues the version of a soft-deleted deal and revives it', () => {
    const version = directVersionOf({ opportunityId: 'opp-1', body, stored: { ...stored, deleted: true }, stages, now, updatedBy: ADMIN });
    expect(version).toMatchObject({ version: 4, deleted: false });
  });

  it('writes nothing for a body that changes nothing', () => {
    expect(directVersionOf({ opportunityId: 'opp-1', body, stored, stages, now, updatedBy: ADMIN })).toBeUndefined();
  });

  it('refuses a stage missing from the configuration', () => {
    expect(() =>
      directVersionOf({ opportunityId: 'opp-1', body: { ...body, stageId: 'nowhere' }, stored, stages, now, updatedBy: ADMIN }),
    ).toThrow(/nowhere/);
  });

  it('stores exactly what PUT stores, over any run of the mix', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 1, max: 80 }), async (seed, writes) => {
        const mix = new WriteMix({ repIds: REP_IDS, months: MONTHS, seed });
        const viaPut = new Map<string, Opportunity>();
        const direct = new Map<string, Opportunity>();
        for (let index = 0; index < writes; index++) {
          const write = mix.next();
          const at = new Date(now.getTime() + index * 1_000);
          const expected = await storedByPut(viaPut, write.opportunityId, write.body, at);
          const version = directVersionOf({
            opportunityId: write.opportunityId,
            body: write.body,
            stored: direct.get(write.opportunityId),
            stages,
            now: at,
            updatedBy: ADMIN,
          });
          expect(version).toEqual(expected);
          if (version) {
            expect(Opportunity.parse(version)).toEqual(version);
            direct.set(version.id, version);
          }
          mix.settle(write, true);
        }
      }),
      { numRuns: 60 },
    );
  });
});
