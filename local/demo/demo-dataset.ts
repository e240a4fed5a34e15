/**
 * The demo dataset, as a chronological list of API requests: the seed's example (Dave
 * Apthorp, February 2016, with the bands of DOMAIN.md) and a realistic sales organisation
 * — a company of five teams and 30 reps, targets, commission levels with a kicker month,
 * and a year of deals with history (stage moves, slipped close dates, owner changes, wins
 * and losses) — and its marketing year: campaigns with their costs, a marketing user, and
 * a year of leads, about a quarter converted (POST /leads/{id}/convert) into deals that are
 * then worked to a win or a loss. Deterministic: the same `now` gives the same data; the
 * marketing year draws from a random sequence of its own, so the deals before it are the
 * same with or without it.
 */
import { addMonths, monthOfInstant, monthsBetween } from '#core/shared/period.js';

export interface DemoRequest {
  /** The instant the request is made at: the API's clock is set to it, so history is dated. */
  readonly at: string;
  readonly method: 'PUT' | 'POST' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
}

const DAY = 86_400_000;
const FAMILIES = ['Software', 'Services', 'Hardware'] as const;
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
  'Aperture',
  'Massive Dynamic',
];
const FIRST = [
  'Alice',
  'Bruno',
  'Chloe',
  'Diego',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Liam',
  'Maya',
  'Nils',
  'Olga',
  'Priya',
  'Quentin',
  'Rosa',
  'Sven',
  'Tara',
  'Uma',
  'Victor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
  'Amir',
  'Bea',
  'Carl',
];
const LAST = [
  'Novak',
  'Silva',
  'Dubois',
  'Garcia',
  'Rossi',
  'Haddad',
  'Kim',
  'Tanaka',
  'Costa',
  'Berg',
  'Okafor',
  'Murphy',
  'Patel',
  'Larsen',
  'Ivanova',
  'Sharma',
  'Lefevre',
  'Moreno',
  'Olsen',
  'Reid',
  'Nair',
  'Petrov',
  'Chen',
  'Ruiz',
  'Aziz',
  'Clarke',
  'Karimi',
  'Weber',
  'Lund',
];

const TEAMS = [
  { id: 'company', name: 'Acme Software Ltd', parentTeamId: null },
  { id: 'emea', name: 'EMEA', parentTeamId: 'company' },
  { id: 'emea-enterprise', name: 'EMEA Enterprise', parentTeamId: 'emea' },
  { id: 'emea-commercial', name: 'EMEA Commercial', parentTeamId: 'emea' },
  { id: 'americas', name: 'Americas', parentTeamId: 'company' },
  { id: 'apac', name: 'APAC', parentTeamId: 'company' },
] as const;
const REP_TEAMS = ['emea-enterprise', 'emea-commercial', 'americas', 'apac'] as const;

/** The seed's bands: 2 % on the first 50,000, 4 % to 75,000, 6 % above, no cap (minor units). */
export const SEED_BANDS = [
  { from: 0, to: 5_000_000, ratePercent: 2 },
  { from: 5_000_000, to: 7_500_000, ratePercent: 4 },
  { from: 7_500_000, to: null, ratePercent: 6 },
];

/** The demo's company and the admin who sets it up (the first-run bootstrap), in the seed's year. */
export const DEMO_ORGANISATION = {
  at: '2016-01-04T09:00:00.000Z',
  company: { id: TEAMS[0].id, name: TEAMS[0].name },
  admin: { id: 'sales-ops', name: 'Sales Operations', email: 'sales-ops@example.com' },
} as const;

export function demoDataset(now: Date): DemoRequest[] {
  const random = mulberry32(2016);
  const requests: DemoRequest[] = [];
  const thisMonth = monthOfInstant(now);
  const firstMonth = addMonths(thisMonth, -11);
  const setupAt = new Date(Date.parse(`${addMonths(firstMonth, -2)}-01T08:00:00.000Z`));
  const at = (date: Date) => date.toISOString();

  // The seed's example, in its own year: Dave Apthorp, February 2016.
  const seedAt = DEMO_ORGANISATION.at;
  requests.push(
    ...TEAMS.map((team) => ({
      at: seedAt,
      method: 'PUT' as const,
      path: `/teams/${team.id}`,
      body: { name: team.name, parentTeamId: team.parentTeamId },
    })),
  );
  requests.push({
    at: seedAt,
    method: 'PUT',
    path: '/reps/dave-apthorp',
    body: { name: 'Dave Apthorp', email: 'dave.apthorp@example.com', teamId: 'emea-enterprise', managerId: null, active: true },
  });
  requests.push({
    at: seedAt,
    method: 'PUT',
    path: '/commission-levels',
    body: { repId: 'dave-apthorp', fromMonth: '2016-02', toMonth: null, bands: SEED_BANDS },
  });
  requests.push({
    at: seedAt,
    method: 'PUT',
    path: '/targets',
    body: { ownerType: 'rep', ownerId: 'dave-apthorp', amounts: { '2016-02': 10_000_000 } },
  });
  const seedDeal = (_id: string, name: string, account: string, amount: number) => ({
    name,
    account,
    ownerId: 'dave-apthorp',
    stageId: 'proposal-made',
    closeDate: '2016-02-26',
    amount,
  });
  const seedDeals = [
    ['dave-2016-1', 'Globex platform licence', 'Globex', 3_000_000, 'closed-won'],
    ['dave-2016-2', 'Initech rollout', 'Initech', 5_000_000, 'closed-won'],
    ['dave-2016-3', 'Umbrella renewal', 'Umbrella', 2_500_000, 'negotiation'],
    ['dave-2016-4', 'Hooli pilot', 'Hooli', 1_500_000, 'proposal-made'],
  ] as const;
  for (const [id, name, account, amount, finalStage] of seedDeals) {
    requests.push({
      at: '2016-01-11T10:00:00.000Z',
      method: 'PUT',
      path: `/opportunities/${id}`,
      body: seedDeal(id, name, account, amount),
    });
    if (finalStage !== 'proposal-made') {
      requests.push({
        at: '2016-02-12T15:00:00.000Z',
        method: 'PUT',
        path: `/opportunities/${id}`,
        body: { ...seedDeal(id, name, account, amount), stageId: finalStage },
      });
    }
  }

  // The organisation of today: 29 more reps, a manager per team.
  const reps: Array<{ id: string; teamId: string; seniority: number }> = [
    { id: 'dave-apthorp', teamId: 'emea-enterprise', seniority: 1.2 },
  ];
  for (let index = 0; index < 29; index++) {
    const name = `${FIRST[index]} ${LAST[index]}`;
    const id = name.toLowerCase().replace(/[^a-z]+/g, '-');
    const teamId = REP_TEAMS[index % REP_TEAMS.length]!;
    reps.push({ id, teamId, seniority: 0.6 + random() * 0.9 });
    const managerId = index < REP_TEAMS.length ? null : reps[1 + (index % REP_TEAMS.length)]!.id;
    requests.push({
      at: at(setupAt),
      method: 'PUT',
      path: `/reps/${id}`,
      body: { name, email: `${id}@example.com`, teamId, managerId, active: true },
    });
  }
  // Each team's manager (the first rep placed in it) is named on the team: with the role
  // manager, their token sees that team (`npm run token -- --rep alice-novak --role manager`).
  for (const [index, teamId] of REP_TEAMS.entries()) {
    const team = TEAMS.find((candidate) => candidate.id === teamId)!;
    requests.push({
      at: at(setupAt),
      method: 'PUT',
      path: `/teams/${teamId}`,
      body: { name: team.name, parentTeamId: team.parentTeamId, managerId: reps[1 + index]!.id },
    });
  }

  // Targets for the year (one request per rep) and commission levels carried forward,
  // with a Services-specific plan for some and a kicker at the end of each quarter for EMEA.
  const months = monthsBetween(firstMonth, addMonths(thisMonth, 2));
  for (const rep of reps) {
    const base = Math.round((60_000 + random() * 60_000) * rep.seniority) * 100;
    const amounts = Object.fromEntries(months.map((month) => [month, base + Math.round(random() * 10) * 500_000]));
    requests.push({ at: at(setupAt), method: 'PUT', path: '/targets', body: { ownerType: 'rep', ownerId: rep.id, amounts } });
    if (rep.id !== 'dave-apthorp') {
      requests.push({
        at: at(setupAt),
        method: 'PUT',
        path: '/commission-levels',
        body: { repId: rep.id, fromMonth: firstMonth, toMonth: null, bands: SEED_BANDS },
      });
    }
    if (random() < 0.3) {
      requests.push({
        at: at(setupAt),
        method: 'PUT',
        path: '/commission-levels',
        body: {
          repId: rep.id,
          productFamily: 'Services',
          fromMonth: firstMonth,
          toMonth: null,
          bands: [{ from: 0, to: null, ratePercent: 1.5 }],
        },
      });
    }
    if (rep.teamId.startsWith('emea')) {
      for (const month of months.filter((m) => ['03', '06', '09', '12'].includes(m.slice(5)))) {
        requests.push({
          at: at(setupAt),
          method: 'PUT',
          path: '/commission-levels',
          body: {
            repId: rep.id,
            fromMonth: month,
            toMonth: month,
            bands: SEED_BANDS.map((band) => ({ ...band, ratePercent: band.ratePercent + 1 })),
          },
        });
      }
    }
  }
  requests.push({
    at: at(setupAt),
    method: 'PUT',
    path: '/targets',
    body: { ownerType: 'team', ownerId: 'company', amounts: Object.fromEntries(months.map((month) => [month, 300_000_000])) },
  });

  // A year of deals, each with a history of dated changes.
  let dealNumber = 0;
  const windowStart = Date.parse(`${firstMonth}-01T00:00:00.000Z`) - 45 * DAY;
  for (const rep of reps) {
    const deals = 14 + Math.floor(random() * 10);
    for (let d = 0; d < deals; d++) {
      dealNumber++;
      const id = `deal-${String(dealNumber).padStart(4, '0')}`;
      let time = windowStart + random() * (now.getTime() - windowStart - 3 * DAY);
      const account = ACCOUNTS[Math.floor(random() * ACCOUNTS.length)]!;
      const amount = Math.round(5_000 + random() * 145_000) * 100;
      const lines = random() < 0.4 ? productLines(amount, random) : [];
      const deal = {
        name: `${account} ${['expansion', 'renewal', 'new licence', 'migration', 'pilot'][Math.floor(random() * 5)]}`,
        account,
        ownerId: rep.id,
        stageId: random() < 0.5 ? 'prospecting' : 'investigation',
        closeDate: dateOf(time + (30 + random() * 60) * DAY),
        ...(lines.length > 0 ? { productLines: lines } : { amount }),
        customerType: random() < 0.6 ? 'existing' : 'new',
        leadSource: ['web', 'partner', 'event', 'outbound'][Math.floor(random() * 4)],
        priority: random() < 0.15,
        createdAt: new Date(time).toISOString(),
      };
      requests.push({ at: new Date(time).toISOString(), method: 'PUT', path: `/opportunities/${id}`, body: deal });
      const ladder = ['investigation', 'proposal-made', 'negotiation'];
      let step = deal.stageId === 'prospecting' ? 0 : 1;
      for (;;) {
        time += (4 + random() * 18) * DAY;
        if (time >= now.getTime()) break;
        const closeAt = Date.parse(`${deal.closeDate}T17:00:00.000Z`);
        if (time >= closeAt - 2 * DAY || step >= ladder.length) {
          if (time >= closeAt - 2 * DAY && random() < 0.35) {
            deal.closeDate = dateOf(closeAt + (20 + random() * 40) * DAY);
          } else {
            const outcome = random() < 0.62 ? 'closed-won' : 'closed-lost';
            requests.push({
              at: new Date(Math.min(time, closeAt)).toISOString(),
              method: 'PUT',
              path: `/opportunities/${id}`,
              body: { ...deal, stageId: outcome },
            });
            break;
          }
        } else {
          deal.stageId = ladder[step++]!;
          if (random() < 0.03) deal.ownerId = reps[Math.floor(random() * reps.length)]!.id;
        }
        requests.push({ at: new Date(time).toISOString(), method: 'PUT', path: `/opportunities/${id}`, body: { ...deal } });
      }
    }
  }

  // The marketing year: campaigns, a marketing user, leads and the deals converted from them.
  requests.push(...demoMarketingRequests(now, { firstMonth, setupAt, repIds: reps.map((rep) => rep.id) }));
  return requests.sort((a, b) => a.at.localeCompare(b.at));
}

/** The demo's marketing user: a rep record in the company's root team, who signs in with the role marketing. */
export const DEMO_MARKETING = { id: 'mia-marketing', name: 'Mia Marketing', email: 'mia.marketing@example.com' } as const;

/** Leads created in each month of the demo year (before the current month's cut-off). */
const LEADS_PER_MONTH = 25;

const PROSPECTS = [
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Tailspin',
  'Litware',
  'Proseware',
  'Adventure Works',
  'Blue Yonder',
  'Coho Vineyard',
  'Fourth Coffee',
  'Lucerne Publishing',
  'Margie Travel',
  'Trey Research',
  'Wide World Importers',
  'Woodgrove Bank',
  'Alpine Ski House',
  'Bellows College',
  'Graphic Design Institute',
  'Humongous Insurance',
  'Southridge Video',
];
const LEAD_FIRST = ['Anna', 'Ben', 'Carla', 'Dev', 'Emma', 'Felix', 'Gita', 'Hugo', 'Isla', 'Jon', 'Kira', 'Leo', 'Mira', 'Noah', 'Omar'];
const LEAD_LAST = ['Adams', 'Brook', 'Cruz', 'Dahl', 'Evans', 'Fox', 'Gray', 'Hale', 'Ito', 'Jung', 'Kane', 'Lowe', 'Mori', 'Nash'];

interface DemoCampaign {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  /** Months from the first month of the demo year, inclusive. */
  readonly fromMonth: number;
  readonly toMonth: number;
  readonly budgetedCost: number;
  /** What it ran to, in minor units; 0 for a campaign that cost nothing. */
  readonly actualCost: number;
  readonly parentCampaignId: string | null;
  /** The lead source its leads come from. */
  readonly source: string;
  /** How many leads it brings, relative to the others running at the same time. */
  readonly weight: number;
}

const CAMPAIGNS: readonly DemoCampaign[] = [
  {
    id: 'nurture-programme',
    name: 'Nurture programme',
    type: 'email',
    fromMonth: 0,
    toMonth: 11,
    budgetedCost: 1_000_000,
    actualCost: 950_000,
    parentCampaignId: null,
    source: 'web',
    weight: 0.5,
  },
  {
    id: 'nurture-wave-1',
    name: 'Nurture programme: wave 1',
    type: 'email',
    fromMonth: 0,
    toMonth: 5,
    budgetedCost: 1_500_000,
    actualCost: 1_420_000,
    parentCampaignId: 'nurture-programme',
    source: 'web',
    weight: 2,
  },
  {
    id: 'nurture-wave-2',
    name: 'Nurture programme: wave 2',
    type: 'email',
    fromMonth: 6,
    toMonth: 11,
    budgetedCost: 1_500_000,
    actualCost: 980_000,
    parentCampaignId: 'nurture-programme',
    source: 'web',
    weight: 2,
  },
  {
    id: 'spring-webinars',
    name: 'Spring webinar series',
    type: 'webinar',
    fromMonth: 2,
    toMonth: 3,
    budgetedCost: 800_000,
    actualCost: 745_000,
    parentCampaignId: null,
    source: 'web',
    weight: 3,
  },
  {
    id: 'enterprise-tech-expo',
    name: 'Enterprise Tech Expo',
    type: 'trade-show',
    fromMonth: 4,
    toMonth: 4,
    budgetedCost: 4_000_000,
    actualCost: 4_630_000,
    parentCampaignId: null,
    source: 'event',
    weight: 6,
  },
  {
    id: 'search-ads',
    name: 'Search advertising',
    type: 'advertising',
    fromMonth: 1,
    toMonth: 10,
    budgetedCost: 3_000_000,
    actualCost: 2_790_000,
    parentCampaignId: null,
    source: 'advertising',
    weight: 1.5,
  },
  {
    id: 'partner-referrals',
    name: 'Partner referral programme',
    type: 'partner',
    fromMonth: 0,
    toMonth: 11,
    budgetedCost: 0,
    actualCost: 0,
    parentCampaignId: null,
    source: 'partner',
    weight: 1,
  },
  {
    id: 'customer-roadshow',
    name: 'Customer roadshow',
    type: 'event',
    fromMonth: 8,
    toMonth: 8,
    budgetedCost: 2_000_000,
    actualCost: 1_875_000,
    parentCampaignId: null,
    source: 'event',
    weight: 4,
  },
];

/** Leads with no campaign: outbound prospecting, word of mouth, the website's contact form. */
const UNATTRIBUTED = [
  { source: 'outbound', weight: 1.5 },
  { source: 'referral', weight: 0.7 },
  { source: 'web', weight: 0.6 },
  { source: 'other', weight: 0.2 },
] as const;

interface DemoMarketingYear {
  /** The first month of the demo year (YYYY-MM). */
  readonly firstMonth: string;
  /** When the organisation is set up: the marketing user and the campaigns' plans are dated then. */
  readonly setupAt: Date;
  /** The reps who own leads and the deals made from them. */
  readonly repIds: readonly string[];
}

function demoMarketingRequests(now: Date, { firstMonth, setupAt, repIds }: DemoMarketingYear): DemoRequest[] {
  const random = mulberry32(2612);
  const requests: DemoRequest[] = [];
  const nowMs = now.getTime();
  const monthStart = (offset: number) => Date.parse(`${addMonths(firstMonth, offset)}-01T00:00:00.000Z`);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  requests.push({
    at: setupAt.toISOString(),
    method: 'PUT',
    path: `/reps/${DEMO_MARKETING.id}`,
    body: { name: DEMO_MARKETING.name, email: DEMO_MARKETING.email, teamId: 'company', managerId: null, active: true },
  });

  // Each campaign planned at set-up (its budget, nothing spent), its actual cost recorded when it ends.
  const windows = new Map<string, { from: number; to: number }>();
  for (const campaign of CAMPAIGNS) {
    const from = monthStart(campaign.fromMonth) + (campaign.fromMonth === campaign.toMonth ? 9 * DAY : 0);
    const to = campaign.fromMonth === campaign.toMonth ? from + 4 * DAY : monthStart(campaign.toMonth + 1) - DAY;
    windows.set(campaign.id, { from, to });
    const body = {
      name: campaign.name,
      type: campaign.type,
      startDate: dateOf(from),
      endDate: dateOf(to),
      budgetedCost: campaign.budgetedCost,
      actualCost: 0,
      parentCampaignId: campaign.parentCampaignId,
    };
    requests.push({ at: setupAt.toISOString(), method: 'PUT', path: `/campaigns/${campaign.id}`, body });
    if (campaign.actualCost > 0) {
      const spentAt = Math.min(to + 3 * DAY, nowMs - DAY);
      requests.push({
        at: iso(spentAt),
        method: 'PUT',
        path: `/campaigns/${campaign.id}`,
        body: { ...body, actualCost: campaign.actualCost },
      });
    }
  }

  let leadNumber = 0;
  const firstLeadAt = monthStart(0);
  const leads = Math.round(((nowMs - DAY - firstLeadAt) / (365 * DAY)) * 12 * LEADS_PER_MONTH);
  for (let index = 0; index < leads; index++) {
    leadNumber++;
    const id = `lead-${String(leadNumber).padStart(4, '0')}`;
    let time = firstLeadAt + random() * (nowMs - 2 * DAY - firstLeadAt);
    // A campaign running then (its leads keep coming for three weeks after it ends), or none.
    const running = CAMPAIGNS.filter((campaign) => {
      const window = windows.get(campaign.id)!;
      return time >= window.from && time <= window.to + 21 * DAY;
    });
    const choices = [
      ...running.map((campaign) => ({ campaignId: campaign.id as string | null, source: campaign.source, weight: campaign.weight })),
      ...UNATTRIBUTED.map(({ source, weight }) => ({ campaignId: null, source: source as string, weight })),
    ];
    const origin = weightedPick(choices, random());
    const company = pick(PROSPECTS);
    const person = `${pick(LEAD_FIRST)} ${pick(LEAD_LAST)}`;
    const lead = {
      name: person,
      company,
      email: `${person.toLowerCase().replace(/[^a-z]+/g, '.')}@${company.toLowerCase().replace(/[^a-z]+/g, '')}.example`,
      source: origin.source,
      campaignId: origin.campaignId,
      ownerId: pick(repIds),
      status: 'open',
    };
    requests.push({ at: iso(time), method: 'PUT', path: `/leads/${id}`, body: { ...lead } });

    // Worked over the following weeks, as far as today: contacted, then qualified or closed.
    const moveTo = (status: string, afterDays: number, spreadDays: number): boolean => {
      const next = time + (afterDays + random() * spreadDays) * DAY;
      if (next >= nowMs) return false;
      time = next;
      lead.status = status;
      requests.push({ at: iso(time), method: 'PUT', path: `/leads/${id}`, body: { ...lead } });
      return true;
    };
    const opened = random();
    if (opened < 0.08) {
      moveTo('closed-unqualified', 2, 10);
      continue;
    }
    if (opened < 0.14 || !moveTo('contacted', 1, 20)) continue;
    const contacted = random();
    if (contacted < 0.22) {
      moveTo('closed-unqualified', 5, 20);
      continue;
    }
    if (contacted < 0.48 || !moveTo('qualified', 3, 15)) continue;
    const qualified = random();
    if (qualified < 0.1) {
      moveTo('closed-unqualified', 5, 25);
      continue;
    }
    if (qualified < 0.35) continue;
    const convertedAt = time + (2 + random() * 12) * DAY;
    if (convertedAt >= nowMs) continue;
    time = convertedAt;
    requests.push(...convertedDealRequests(random, id, lead, time, nowMs));
  }
  return requests;
}

/** The conversion of a qualified lead, then its deal's stage moves, slipped close dates and outcome, as far as today. */
function convertedDealRequests(
  random: () => number,
  leadId: string,
  lead: {
    readonly name: string;
    readonly company: string;
    readonly source: string;
    readonly campaignId: string | null;
    readonly ownerId: string;
  },
  convertedAt: number,
  nowMs: number,
): DemoRequest[] {
  const opportunityId = `deal-${leadId}`;
  const amount = Math.round(8_000 + random() * 72_000) * 100;
  const deal = {
    name: `${lead.company} ${['new licence', 'pilot', 'platform', 'starter package'][Math.floor(random() * 4)]}`,
    account: lead.company,
    ownerId: lead.ownerId,
    stageId: random() < 0.6 ? 'prospecting' : 'investigation',
    closeDate: dateOf(convertedAt + (30 + random() * 60) * DAY),
    amount,
    customerType: 'new',
    campaignId: lead.campaignId,
    leadSource: lead.source,
    contactName: lead.name,
  };
  const requests: DemoRequest[] = [
    {
      at: iso(convertedAt),
      method: 'POST',
      path: `/leads/${leadId}/convert`,
      body: { opportunityId, name: deal.name, stageId: deal.stageId, closeDate: deal.closeDate, amount },
    },
  ];
  const ladder = ['investigation', 'proposal-made', 'negotiation'];
  let step = deal.stageId === 'prospecting' ? 0 : 1;
  let time = convertedAt;
  for (;;) {
    time += (4 + random() * 18) * DAY;
    if (time >= nowMs) break;
    const closeAt = Date.parse(`${deal.closeDate}T17:00:00.000Z`);
    if (time >= closeAt - 2 * DAY || step >= ladder.length) {
      if (time >= closeAt - 2 * DAY && random() < 0.3) {
        deal.closeDate = dateOf(closeAt + (20 + random() * 40) * DAY);
      } else {
        const stageId = random() < 0.55 ? 'closed-won' : 'closed-lost';
        requests.push({
          at: iso(Math.min(time, closeAt)),
          method: 'PUT',
          path: `/opportunities/${opportunityId}`,
          body: { ...deal, stageId },
        });
        break;
      }
    } else {
      deal.stageId = ladder[step++]!;
    }
    requests.push({ at: iso(time), method: 'PUT', path: `/opportunities/${opportunityId}`, body: { ...deal } });
  }
  return requests;
}

function productLines(amount: number, random: () => number): Array<{ productFamily: string; amount: number }> {
  const share = Math.round((amount * (0.3 + random() * 0.5)) / 100) * 100;
  const second = FAMILIES[1 + Math.floor(random() * 2)]!;
  return [
    { productFamily: FAMILIES[0], amount: share },
    { productFamily: second, amount: amount - share },
  ];
}

/** The choice a number in [0, 1) falls on, each taking its weight's share of the range. */
function weightedPick<T extends { readonly weight: number }>(choices: readonly T[], draw: number): T {
  let ticket = draw * choices.reduce((sum, choice) => sum + choice.weight, 0);
  for (const choice of choices) {
    ticket -= choice.weight;
    if (ticket < 0) return choice;
  }
  return choices[choices.length - 1]!;
}

function iso(epochMillis: number): string {
  return new Date(epochMillis).toISOString();
}

function dateOf(epochMillis: number): string {
  return new Date(epochMillis).toISOString().slice(0, 10);
}

function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
