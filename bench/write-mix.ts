/**
 * The workload: a deterministic stream of opportunity writes in the mix of DEFAULT_MIX.
 * No deal is written twice at once (a real CRM integration sends one deal's changes in
 * order), so every write is accepted and produces exactly one new version.
 */
import type { z } from 'zod';
import type { OpportunityInput } from '#core/opportunities/opportunity.js';
import { addMonths } from '#core/shared/period.js';
import { integerBetween, pick, type Random, seededRandom } from './seeded-random.js';
import { DEFAULT_MIX, WRITE_KINDS, type WriteKind } from './write-kinds.js';

export type OpportunityBody = z.input<typeof OpportunityInput>;

export interface PlannedWrite {
  readonly opportunityId: string;
  readonly kind: WriteKind;
  readonly body: OpportunityBody;
}

export interface WriteMixOptions {
  readonly repIds: readonly string[];
  /** Months close dates are drawn from (YYYY-MM). */
  readonly months: readonly string[];
  readonly seed: number;
}

interface Deal {
  readonly id: string;
  body: OpportunityBody;
  inFlight: boolean;
}

const OPEN_LADDER = ['prospecting', 'investigation', 'proposal-made', 'negotiation'];
const ACCOUNTS = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark Industries',
  'Wayne Enterprises',
  'Wonka',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
  'Oscorp',
  'Vandelay',
  'Pied Piper',
];
const PRODUCTS = ['expansion', 'renewal', 'new licence', 'migration', 'pilot', 'support upgrade'];
const LEAD_SOURCES = ['web', 'partner', 'event', 'outbound'];
const CLOSE_PLANS = [
  'Technical win with the platform team, security review in progress, legal redlines expected next week; signature before quarter end.',
  'Champion is the VP Sales; procurement asked for a three-year price hold. Decision meeting booked.',
];
/** Draws tried before giving up on finding an idle deal (early in the run there are few). */
const DRAWS = 30;

export class WriteMix {
  private readonly random: Random;
  private readonly deals: Deal[] = [];
  private readonly dealsById = new Map<string, Deal>();
  private createdCount = 0;

  constructor(private readonly options: WriteMixOptions) {
    this.random = seededRandom(options.seed);
  }

  /** The next write; its deal is busy until `settle`. A change falls back to a create while no deal is idle. */
  next(): PlannedWrite {
    const kind = this.drawKind();
    const deal = kind === 'create' ? undefined : this.idleDeal(kind);
    if (!deal) return this.create();
    deal.inFlight = true;
    return { opportunityId: deal.id, kind, body: this.changed(deal.body, kind) };
  }

  /** The write's response is in: an accepted one becomes the deal's state, and the deal may be written again. */
  settle(write: PlannedWrite, accepted: boolean): void {
    let deal = this.dealsById.get(write.opportunityId);
    if (!deal) {
      if (!accepted) return;
      deal = { id: write.opportunityId, body: write.body, inFlight: false };
      this.deals.push(deal);
      this.dealsById.set(deal.id, deal);
      return;
    }
    deal.inFlight = false;
    if (accepted) deal.body = write.body;
  }

  private drawKind(): WriteKind {
    let draw = this.random();
    for (const kind of WRITE_KINDS) {
      draw -= DEFAULT_MIX[kind];
      if (draw < 0) return kind;
    }
    return 'create';
  }

  /** An idle deal; for a stage move an open one if one is found. */
  private idleDeal(kind: WriteKind): Deal | undefined {
    if (this.deals.length === 0) return undefined;
    let fallback: Deal | undefined;
    for (let draw = 0; draw < DRAWS; draw++) {
      const deal = pick(this.random, this.deals);
      if (deal.inFlight) continue;
      if (kind !== 'stage-move' || OPEN_LADDER.includes(deal.body.stageId)) return deal;
      fallback ??= deal;
    }
    return fallback;
  }

  private create(): PlannedWrite {
    const random = this.random;
    const opportunityId = `opp-${String(++this.createdCount).padStart(6, '0')}`;
    const account = pick(random, ACCOUNTS);
    const amount = integerBetween(random, 5_000, 150_000) * 100;
    const body: OpportunityBody = {
      name: `${account} ${pick(random, PRODUCTS)}`,
      account,
      ownerId: pick(random, this.options.repIds),
      stageId: random() < 0.5 ? 'prospecting' : 'investigation',
      closeDate: `${pick(random, this.options.months)}-${twoDigits(integerBetween(random, 1, 28))}`,
      ...(random() < 0.3 ? { productLines: productLines(amount, random() * 0.5 + 0.3) } : { amount }),
      customerType: random() < 0.6 ? 'existing' : 'new',
      leadSource: pick(random, LEAD_SOURCES),
      campaign: random() < 0.4 ? 'Spring summit' : null,
      closePlan: random() < 0.5 ? pick(random, CLOSE_PLANS) : null,
      priority: random() < 0.15,
    };
    return { opportunityId, kind: 'create', body };
  }

  private changed(body: OpportunityBody, kind: WriteKind): OpportunityBody {
    const random = this.random;
    switch (kind) {
      case 'create':
        return body;
      case 'stage-move': {
        const step = OPEN_LADDER.indexOf(body.stageId);
        // A closed deal found no open one to move: it is reopened, as happens.
        const stageId =
          step < 0
            ? 'negotiation'
            : step === OPEN_LADDER.length - 1
              ? random() < 0.6
                ? 'closed-won'
                : 'closed-lost'
              : (OPEN_LADDER[step + 1] as string);
        return { ...body, stageId };
      }
      case 'close-date-same-month': {
        const day = Number(body.closeDate.slice(8));
        const newDay = ((day - 1 + integerBetween(random, 1, 27)) % 28) + 1;
        return { ...body, closeDate: `${body.closeDate.slice(0, 8)}${twoDigits(newDay)}` };
      }
      case 'close-date-other-month': {
        // Deals slip more often than they are pulled in.
        const month = addMonths(body.closeDate.slice(0, 7), random() < 0.75 ? 1 : -1);
        return { ...body, closeDate: `${month}-${twoDigits(integerBetween(random, 1, 28))}` };
      }
      case 'owner-change': {
        let ownerId = body.ownerId;
        while (ownerId === body.ownerId) ownerId = pick(random, this.options.repIds);
        return { ...body, ownerId };
      }
      case 'amount-change': {
        const current = amountOf(body);
        let amount = current;
        while (amount === current) amount = Math.max(100, Math.round((current * (0.7 + random() * 0.6)) / 100) * 100);
        if (!body.productLines || body.productLines.length === 0) return { ...body, amount };
        const firstShare = (body.productLines[0]?.amount ?? 0) / current;
        return { ...body, productLines: productLines(amount, firstShare) };
      }
    }
  }
}

function amountOf(body: OpportunityBody): number {
  return body.productLines && body.productLines.length > 0
    ? body.productLines.reduce((sum, line) => sum + line.amount, 0)
    : (body.amount ?? 0);
}

/** Software and Services lines summing to the amount. */
function productLines(amount: number, softwareShare: number): Array<{ productFamily: string; amount: number }> {
  const software = Math.round((amount * softwareShare) / 100) * 100;
  return [
    { productFamily: 'Software', amount: software },
    { productFamily: 'Services', amount: amount - software },
  ];
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}
