import { describe, expect, it } from 'vitest';
import { type CommissionChangePorts, readCommissionChange } from '#core/commission/read-commission-change.js';
import type { DealLink } from '#core/linkage/deal-link.js';
import type { AccessContext } from '#core/organisation/access-policy.js';
import { NotFoundError, RetryLaterError, ValidationError } from '#core/shared/errors.js';
import { CommissionChangeWorld } from '../support/commission-change-world.js';
import { DAVE_BANDS, major } from '../support/record-factories.js';

const NOW = '2026-02-20T12:00:00.000Z';
const MONTH = '2026-02';
const daveSelf: AccessContext = {
  principal: { repId: 'dave', role: 'rep' },
  visibility: { kind: 'self', repId: 'dave' },
  managers: { editDeals: false, editTargets: false },
};

/** The ports over a world's stores; lagging: the stream has not yet recorded each deal's latest version (link nor history). */
function portsOf(world: CommissionChangeWorld, lagging = false): CommissionChangePorts {
  const input = world.input('dave', MONTH, NOW, NOW);
  const byId = new Map(input.deals.map((deal) => [deal.current.id, deal]));
  return {
    reps: { get: async (id: string) => (id === 'dave' || id === 'erin' ? { id } : undefined) } as unknown as CommissionChangePorts['reps'],
    opportunities: {
      get: async (id: string) => byId.get(id)?.current,
      history: async (id: string) => {
        const deal = byId.get(id);
        const latest = (deal?.current as { version: number } | undefined)?.version ?? 0;
        return (deal?.history ?? []).filter((change) => !lagging || change.version < latest);
      },
    } as unknown as CommissionChangePorts['opportunities'],
    levels: { entries: async () => [...input.levelsNow] } as unknown as CommissionChangePorts['levels'],
    audit: { list: async () => ({ items: [], nextCursor: null }) },
    commissionInsight: { dealIdsEverLinked: async () => [...byId.keys()], stageVersions: async () => [] },
    repMonths: {
      dealLink: async (_repMonth, opportunityId) => {
        const current = byId.get(opportunityId)?.current as { version: number } | undefined;
        return current ? ({ version: lagging ? current.version - 1 : current.version } as DealLink) : undefined;
      },
    },
    clock: { now: () => new Date(NOW) },
  };
}

const world = () =>
  new CommissionChangeWorld()
    .setLevels('2026-01-01T00:00:00.000Z', { fromMonth: '2026-01', bands: DAVE_BANDS })
    .putDeal('2026-02-02T10:00:00.000Z', 'a', { ownerId: 'dave', stageId: 'negotiation', closeDate: '2026-02-25', amount: major(10_000) })
    .changeDeal('2026-02-20T11:59:00.000Z', 'a', { stageId: 'closed-won' });

describe('reading why commission changed', () => {
  it('answers once the stream has recorded every change after from', async () => {
    const change = await readCommissionChange(portsOf(world()), daveSelf, {
      repId: 'dave',
      month: MONTH,
      from: new Date('2026-02-10T00:00:00.000Z'),
    });
    expect(change.to).toBe(NOW);
    expect(change.lines.map((line) => line.kind)).toEqual(['won']);
  });

  it('asks to retry while the stream has not recorded a change after from (its history would lack it)', async () => {
    const lagging = portsOf(world(), true);
    const request = { repId: 'dave', month: MONTH, from: new Date('2026-02-10T00:00:00.000Z') };
    await expect(readCommissionChange(lagging, daveSelf, request)).rejects.toBeInstanceOf(RetryLaterError);
    // A change before `from` is not waited for.
    const before = await readCommissionChange(lagging, daveSelf, { ...request, from: new Date('2026-02-20T11:59:30.000Z') });
    expect(before.lines).toEqual([]);
  });

  it('names the field: to after from, neither in the future', async () => {
    const ports = portsOf(world());
    const fieldOf = async (from: string, to?: string) => {
      const error = await readCommissionChange(ports, daveSelf, {
        repId: 'dave',
        month: MONTH,
        from: new Date(from),
        to: to === undefined ? undefined : new Date(to),
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).issues.map((issue) => issue.field);
    };
    expect(await fieldOf('2026-02-10T00:00:00.000Z', '2026-02-09T00:00:00.000Z')).toEqual(['to']);
    expect(await fieldOf('2026-02-10T00:00:00.000Z', '2026-02-10T00:00:00.000Z')).toEqual(['to']);
    expect(await fieldOf('2026-02-10T00:00:00.000Z', '2026-02-21T00:00:00.000Z')).toEqual(['to']);
    expect(await fieldOf('2026-02-21T00:00:00.000Z')).toEqual(['from']);
  });

  it("hides another rep's month as missing", async () => {
    await expect(
      readCommissionChange(portsOf(world()), daveSelf, {
        repId: 'erin',
        month: MONTH,
        from: new Date('2026-02-10T00:00:00.000Z'),
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
