import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commissionChangeOf } from '#core/commission/commission-change.js';
import { DEFAULT_STAGES, type Stage } from '#core/organisation/stage.js';
import { bandsArbitrary } from '../support/band-arbitrary.js';
import { CommissionChangeWorld } from '../support/commission-change-world.js';

const MONTH = '2026-02';
const START = Date.parse('2026-01-25T00:00:00.000Z');
const STAGE_IDS = [...DEFAULT_STAGES.stages.map((stage) => stage.id), 'verbal'];
/** Each deal keeps one product family (past amounts are split over the current families; with one the split is exact). */
const DEALS = { a: null, b: 'hardware', c: 'services', d: null } as const;
type DealId = keyof typeof DEALS;

const dealWrite = fc.record({
  type: fc.constant('deal' as const),
  id: fc.constantFrom<DealId>('a', 'b', 'c', 'd'),
  ownerId: fc.constantFrom('dave', 'dave', 'erin'),
  stageId: fc.constantFrom(...STAGE_IDS),
  closeDate: fc.constantFrom('2026-01-30', '2026-02-01', '2026-02-14', '2026-02-28', '2026-03-02'),
  amount: fc.integer({ min: 0, max: 2e8 }),
});
const dealDelete = fc.record({
  type: fc.constant('delete' as const),
  id: fc.constantFrom<DealId>('a', 'b', 'c', 'd'),
  deleted: fc.boolean(),
});
const levelsWrite = fc.record({
  type: fc.constant('levels' as const),
  productFamily: fc.constantFrom(null, null, 'hardware'),
  fromMonth: fc.constantFrom('2026-01', '2026-02', '2026-03'),
  onlyThatMonth: fc.boolean(),
  bands: bandsArbitrary,
});
const stagesWrite = fc.record({ type: fc.constant('stages' as const), verbal: fc.constantFrom<Stage['outcome']>('open', 'won', 'lost') });
const targetWrite = fc.record({ type: fc.constant('target' as const), amount: fc.integer({ min: 0, max: 1e9 }) });

const operation = fc.record({
  /** Minutes after the previous write; 0: at the same instant. */
  gap: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  write: fc.oneof({ arbitrary: dealWrite, weight: 6 }, dealDelete, levelsWrite, stagesWrite, targetWrite),
});

function instant(ms: number): string {
  return new Date(ms).toISOString();
}

type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

function worldOf(operations: readonly Operation[]): {
  world: CommissionChangeWorld;
  instants: number[];
} {
  const world = new CommissionChangeWorld();
  const instants: number[] = [];
  const written = new Set<DealId>();
  let at = START;
  for (const { gap, write } of operations) {
    at += gap * 60_000;
    instants.push(at);
    const when = instant(at);
    switch (write.type) {
      case 'deal': {
        const family = DEALS[write.id];
        const productLines = family === null ? [] : [{ productFamily: family, amount: write.amount }];
        world.putDeal(when, write.id, { ...write, productLines });
        written.add(write.id);
        break;
      }
      case 'delete':
        if (written.has(write.id)) world.changeDeal(when, write.id, { deleted: write.deleted });
        break;
      case 'levels':
        world.setLevels(when, {
          productFamily: write.productFamily,
          fromMonth: write.fromMonth,
          toMonth: write.onlyThatMonth ? write.fromMonth : null,
          bands: write.bands,
        });
        break;
      case 'stages':
        world.setStages(when, [...DEFAULT_STAGES.stages, { id: 'verbal', name: 'Verbal', probability: 90, outcome: write.verbal }]);
        break;
      case 'target':
        world.setTarget(when, 'dave', MONTH, null, write.amount);
        break;
    }
  }
  return { world, instants };
}

describe('why did my commission change: for any history', () => {
  it('the lines sum exactly to the change, and before / after are the commission record at each instant', () => {
    fc.assert(
      fc.property(
        fc.array(operation, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: -1, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 59_999 }),
        (operations, fromIndex, span, offsetMs) => {
          const { world, instants } = worldOf(operations);
          // From before everything, at a write, or just after one; to at or after a later write.
          const fromMs = fromIndex < 0 ? START - 1 : (instants[Math.min(fromIndex, instants.length - 1)] as number) + (offsetMs % 2);
          const toIndex = Math.min(Math.max(fromIndex, 0) + span, instants.length - 1);
          const toMs = Math.max((instants[toIndex] as number) + offsetMs, fromMs + 1);
          const from = instant(fromMs);
          const to = instant(toMs);

          const change = commissionChangeOf(world.input('dave', MONTH, from, to));
          expect(change.before).toEqual(world.summaryAt('dave', MONTH, from));
          expect(change.after).toEqual(world.summaryAt('dave', MONTH, to));
          for (const key of ['earned', 'pipelineCommission', 'totalPotential'] as const) {
            expect(change.change[key]).toBe(change.after[key] - change.before[key]);
            expect(change.lines.reduce((sum, line) => sum + line[key], 0)).toBe(change.change[key]);
          }
          for (const line of change.lines) {
            const zero = line.earned === 0 && line.pipelineCommission === 0 && line.totalPotential === 0;
            if (zero) expect(['levels-changed', 'target-changed']).toContain(line.kind);
            expect(Date.parse(line.at)).toBeGreaterThan(fromMs);
            expect(Date.parse(line.at)).toBeLessThanOrEqual(toMs);
          }
        },
      ),
      { numRuns: 300, seed: Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31) },
    );
  });
});
