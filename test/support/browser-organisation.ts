/**
 * The organisation the browser tests load through the API: the seed's example (Dave Apthorp,
 * February 2016: 80,000 won and 40,000 open on bands of 2 % to 50,000, 4 % to 75,000 and 6 %
 * above, so 2,300 earned, 2,400 pipeline commission, 4,700 total potential, as in
 * local/demo/demo-dataset.ts and test/linkage/engine-end-to-end.integration.test.ts), in a
 * company small enough to load in seconds but with something on every chart: two regions, a
 * sub-team, a manager per region, targets for the quarter, wins, a loss, open deals in every
 * stage, two slipped close dates, and dated history for the as-at snapshots.
 */
import { SEED_BANDS } from '#local/demo/demo-dataset.js';

/** One API request, sent with the API's clock pinned to `at` so the field history is dated. */
export interface DatedRequest {
  readonly at: string;
  readonly method: 'PUT' | 'POST';
  readonly path: string;
  readonly body: unknown;
}

/** The company and its first admin, written by the bootstrap (the API needs an admin to exist). */
export const BROWSER_COMPANY = { id: 'acme', name: 'Acme Software Ltd' } as const;
export const BROWSER_ADMIN = { id: 'sales-ops', name: 'Sales Operations', email: 'sales-ops@example.com' } as const;
export const BOOTSTRAP_AT = '2015-11-02T09:00:00.000Z';

/**
 * The instant the API's clock stays at while the browser looks: a Monday late in the seed's
 * February, after the wins of the 12th and the slips of the 19th and 20th.
 */
export const SCENARIO_NOW = '2016-02-22T12:00:00.000Z';

export const TEAMS = {
  emea: { name: 'EMEA', parentTeamId: BROWSER_COMPANY.id, managerId: 'alice-novak' },
  'emea-enterprise': { name: 'EMEA Enterprise', parentTeamId: 'emea', managerId: null },
  americas: { name: 'Americas', parentTeamId: BROWSER_COMPANY.id, managerId: 'chloe-dubois' },
} as const;

export const REPS = {
  'dave-apthorp': { name: 'Dave Apthorp', teamId: 'emea-enterprise', targets: [8_000_000, 10_000_000, 10_000_000] },
  'erin-kaur': { name: 'Erin Kaur', teamId: 'emea-enterprise', targets: [6_000_000, 6_000_000, 7_000_000] },
  'alice-novak': { name: 'Alice Novak', teamId: 'emea', targets: [5_000_000, 5_000_000, 5_000_000] },
  'chloe-dubois': { name: 'Chloe Dubois', teamId: 'americas', targets: [9_000_000, 9_000_000, 9_000_000] },
  'bruno-silva': { name: 'Bruno Silva', teamId: 'americas', targets: [4_000_000, 4_000_000, 5_000_000] },
} as const;
export type BrowserRepId = keyof typeof REPS;

/** The seed's four deals: two won on 12 February, two still open (Umbrella in negotiation, Hooli at proposal). */
export const SEED_DEALS = {
  won: ['dave-2016-1', 'dave-2016-2'],
  /** Ranked by the commission each adds: Umbrella 25,000 at 6 % = 1,500; Hooli 15,000 at 6 % = 900. */
  open: [
    { id: 'dave-2016-3', name: 'Umbrella renewal', commission: 150_000 },
    { id: 'dave-2016-4', name: 'Hooli pilot', commission: 90_000 },
  ],
} as const;

interface Deal {
  readonly id: string;
  readonly name: string;
  readonly account: string;
  readonly ownerId: BrowserRepId;
  readonly amount: number;
  readonly createdAt: string;
  readonly stageId: string;
  readonly closeDate: string;
  /** Later versions: what changes, and when. */
  readonly changes?: ReadonlyArray<{
    readonly at: string;
    readonly stageId?: string;
    readonly closeDate?: string;
    readonly amount?: number;
  }>;
}

const DEALS: readonly Deal[] = [
  // The seed's example, exactly as the demo loads it.
  ...(
    [
      ['dave-2016-1', 'Globex platform licence', 'Globex', 3_000_000, 'closed-won'],
      ['dave-2016-2', 'Initech rollout', 'Initech', 5_000_000, 'closed-won'],
      ['dave-2016-3', 'Umbrella renewal', 'Umbrella', 2_500_000, 'negotiation'],
      ['dave-2016-4', 'Hooli pilot', 'Hooli', 1_500_000, 'proposal-made'],
    ] as const
  ).map(
    ([id, name, account, amount, finalStage]): Deal => ({
      id,
      name,
      account,
      ownerId: 'dave-apthorp',
      amount,
      createdAt: '2016-01-11T10:00:00.000Z',
      stageId: 'proposal-made',
      closeDate: '2016-02-26',
      ...(finalStage === 'proposal-made' ? {} : { changes: [{ at: '2016-02-12T15:00:00.000Z', stageId: finalStage }] }),
    }),
  ),
  {
    id: 'dave-2016-5',
    name: 'Wonka expansion',
    account: 'Wonka',
    ownerId: 'dave-apthorp',
    amount: 2_000_000,
    createdAt: '2015-12-07T10:00:00.000Z',
    stageId: 'investigation',
    closeDate: '2016-01-28',
    changes: [
      { at: '2016-01-05T10:00:00.000Z', stageId: 'negotiation' },
      { at: '2016-01-27T16:00:00.000Z', stageId: 'closed-won' },
    ],
  },
  {
    id: 'dave-2016-6',
    name: 'Tyrell migration',
    account: 'Tyrell',
    ownerId: 'dave-apthorp',
    amount: 3_500_000,
    createdAt: '2016-02-02T09:00:00.000Z',
    stageId: 'investigation',
    closeDate: '2016-03-18',
  },
  {
    id: 'erin-2016-1',
    name: 'Stark Industries renewal',
    account: 'Stark Industries',
    ownerId: 'erin-kaur',
    amount: 2_000_000,
    createdAt: '2015-12-10T10:00:00.000Z',
    stageId: 'proposal-made',
    closeDate: '2016-02-05',
    changes: [{ at: '2016-02-03T11:00:00.000Z', stageId: 'closed-won' }],
  },
  {
    id: 'erin-2016-2',
    name: 'Cyberdyne pilot',
    account: 'Cyberdyne',
    ownerId: 'erin-kaur',
    amount: 1_000_000,
    createdAt: '2015-11-16T10:00:00.000Z',
    stageId: 'prospecting',
    closeDate: '2016-01-29',
    changes: [
      { at: '2016-01-25T09:00:00.000Z', closeDate: '2016-02-26' },
      { at: '2016-02-20T09:00:00.000Z', closeDate: '2016-03-25' },
    ],
  },
  {
    id: 'erin-2016-3',
    name: 'Soylent new licence',
    account: 'Soylent',
    ownerId: 'erin-kaur',
    amount: 4_500_000,
    createdAt: '2015-11-20T10:00:00.000Z',
    stageId: 'investigation',
    closeDate: '2016-01-22',
    changes: [
      { at: '2015-12-14T10:00:00.000Z', stageId: 'proposal-made' },
      { at: '2016-01-21T10:00:00.000Z', stageId: 'closed-lost' },
    ],
  },
  {
    id: 'alice-2016-1',
    name: 'Oscorp expansion',
    account: 'Oscorp',
    ownerId: 'alice-novak',
    amount: 3_000_000,
    createdAt: '2016-01-18T10:00:00.000Z',
    stageId: 'proposal-made',
    closeDate: '2016-03-10',
    changes: [{ at: '2016-02-16T10:00:00.000Z', stageId: 'negotiation' }],
  },
  {
    id: 'alice-2016-2',
    name: 'Vandelay renewal',
    account: 'Vandelay',
    ownerId: 'alice-novak',
    amount: 1_200_000,
    createdAt: '2015-12-01T10:00:00.000Z',
    stageId: 'negotiation',
    closeDate: '2016-01-15',
    changes: [{ at: '2016-01-14T10:00:00.000Z', stageId: 'closed-won' }],
  },
  {
    id: 'chloe-2016-1',
    name: 'Pied Piper platform',
    account: 'Pied Piper',
    ownerId: 'chloe-dubois',
    amount: 6_000_000,
    createdAt: '2015-12-03T10:00:00.000Z',
    stageId: 'investigation',
    closeDate: '2016-02-19',
    changes: [
      { at: '2016-01-12T10:00:00.000Z', stageId: 'proposal-made' },
      { at: '2016-02-02T10:00:00.000Z', stageId: 'negotiation' },
      { at: '2016-02-18T10:00:00.000Z', stageId: 'closed-won' },
    ],
  },
  {
    id: 'chloe-2016-2',
    name: 'Aperture rollout',
    account: 'Aperture',
    ownerId: 'chloe-dubois',
    amount: 2_500_000,
    createdAt: '2016-01-20T10:00:00.000Z',
    stageId: 'prospecting',
    closeDate: '2016-03-30',
    changes: [{ at: '2016-02-10T10:00:00.000Z', stageId: 'proposal-made' }],
  },
  {
    id: 'chloe-2016-3',
    name: 'Massive Dynamic pilot',
    account: 'Massive Dynamic',
    ownerId: 'chloe-dubois',
    amount: 800_000,
    createdAt: '2016-02-08T10:00:00.000Z',
    stageId: 'investigation',
    closeDate: '2016-02-25',
  },
  {
    id: 'bruno-2016-1',
    name: 'Wayne Enterprises renewal',
    account: 'Wayne Enterprises',
    ownerId: 'bruno-silva',
    amount: 2_200_000,
    createdAt: '2015-11-23T10:00:00.000Z',
    stageId: 'proposal-made',
    closeDate: '2016-01-29',
    changes: [{ at: '2016-01-28T10:00:00.000Z', stageId: 'closed-won' }],
  },
  {
    id: 'bruno-2016-2',
    name: 'Umbrella services',
    account: 'Umbrella',
    ownerId: 'bruno-silva',
    amount: 1_800_000,
    createdAt: '2016-01-04T10:00:00.000Z',
    stageId: 'proposal-made',
    closeDate: '2016-02-29',
    changes: [
      { at: '2016-02-08T10:00:00.000Z', stageId: 'negotiation', amount: 2_100_000 },
      { at: '2016-02-19T10:00:00.000Z', closeDate: '2016-03-15' },
    ],
  },
];

const SETUP_AT = '2015-11-02T10:00:00.000Z';
const QUARTER = ['2016-01', '2016-02', '2016-03'] as const;

/** Every request, oldest first; the last takes the monthly and weekly as-at snapshots up to SCENARIO_NOW. */
export function browserOrganisation(): DatedRequest[] {
  const setup: DatedRequest[] = [];
  const put = (path: string, body: unknown, at = SETUP_AT) => setup.push({ at, method: 'PUT', path, body });
  // Teams before the reps placed in them; their managers once those reps exist.
  for (const [id, team] of Object.entries(TEAMS)) put(`/teams/${id}`, { name: team.name, parentTeamId: team.parentTeamId });
  for (const [id, rep] of Object.entries(REPS))
    put(`/reps/${id}`, { name: rep.name, email: `${id}@example.com`, teamId: rep.teamId, managerId: null, active: true });
  for (const [id, team] of Object.entries(TEAMS))
    if (team.managerId) put(`/teams/${id}`, { name: team.name, parentTeamId: team.parentTeamId, managerId: team.managerId });
  for (const [id, rep] of Object.entries(REPS)) {
    // The seed's levels start in February 2016, as in the domain text; the others' with the quarter.
    put('/commission-levels', { repId: id, fromMonth: id === 'dave-apthorp' ? '2016-02' : '2016-01', toMonth: null, bands: SEED_BANDS });
    put('/targets', {
      ownerType: 'rep',
      ownerId: id,
      amounts: Object.fromEntries(QUARTER.map((month, index) => [month, rep.targets[index]])),
    });
  }

  const dated: DatedRequest[] = [];
  for (const deal of DEALS) {
    let version: Record<string, unknown> = {
      name: deal.name,
      account: deal.account,
      ownerId: deal.ownerId,
      stageId: deal.stageId,
      closeDate: deal.closeDate,
      amount: deal.amount,
      createdAt: deal.createdAt,
    };
    dated.push({ at: deal.createdAt, method: 'PUT', path: `/opportunities/${deal.id}`, body: version });
    for (const { at, ...change } of deal.changes ?? []) {
      version = { ...version, ...change };
      dated.push({ at, method: 'PUT', path: `/opportunities/${deal.id}`, body: version });
    }
  }
  dated.sort((a, b) => a.at.localeCompare(b.at));
  return [
    ...setup,
    ...dated,
    { at: SCENARIO_NOW, method: 'POST', path: '/pipeline/snapshots', body: { from: '2015-12-01', to: SCENARIO_NOW.slice(0, 10) } },
  ];
}

/** The marketing user of the leads page: a rep record (every identity is one) placed in the company's top team. */
export const MARKETING_REP = { id: 'mia-lopez', name: 'Mia Lopez' } as const;

/** Campaigns of the leads page: one paid back, one not yet, one that cost nothing recorded. */
export const CAMPAIGNS = {
  'winter-webinars': {
    name: 'Winter webinar series',
    type: 'webinar',
    startDate: '2015-11-01',
    endDate: '2016-01-31',
    budgetedCost: 500_000,
    actualCost: 450_000,
  },
  'london-expo': {
    name: 'London Tech Expo',
    type: 'trade-show',
    startDate: '2016-01-10',
    endDate: '2016-01-12',
    budgetedCost: 1_500_000,
    actualCost: 1_800_000,
  },
  'partner-push': {
    name: 'Partner referral push',
    type: 'partner',
    startDate: '2016-02-01',
    endDate: '2016-03-31',
    budgetedCost: 300_000,
    actualCost: 0,
  },
} as const;

interface BrowserLead {
  readonly id: string;
  readonly name: string;
  readonly company: string;
  readonly ownerId: BrowserRepId;
  readonly source: string;
  readonly campaignId: keyof typeof CAMPAIGNS | null;
  readonly createdAt: string;
  /** Later statuses set by PUT, each at its instant. */
  readonly statuses?: ReadonlyArray<{ readonly at: string; readonly status: 'contacted' | 'qualified' | 'closed-unqualified' }>;
  /** Converted into a deal (`lead-<id>`), and how that deal ended. */
  readonly converted?: {
    readonly at: string;
    readonly amount: number;
    readonly closeDate: string;
    readonly closed?: { readonly at: string; readonly stageId: 'closed-won' | 'closed-lost' };
  };
}

/**
 * Nine leads of four reps from November 2015 to February 2016, in every status: four
 * converted (two deals won, one lost, one open), one closed as unqualified, the others open,
 * contacted or qualified. Dave Apthorp owns three of them.
 */
export const LEADS: readonly BrowserLead[] = [
  {
    id: 'globex-webinar',
    name: 'Grace Hopper',
    company: 'Globex',
    ownerId: 'dave-apthorp',
    source: 'web',
    campaignId: 'winter-webinars',
    createdAt: '2015-11-20T10:00:00.000Z',
    statuses: [{ at: '2015-11-25T10:00:00.000Z', status: 'contacted' }],
    converted: {
      at: '2015-12-10T10:00:00.000Z',
      amount: 1_800_000,
      closeDate: '2016-01-29',
      closed: { at: '2016-01-20T10:00:00.000Z', stageId: 'closed-won' },
    },
  },
  {
    id: 'initech-webinar',
    name: 'Peter Gibbons',
    company: 'Initech',
    ownerId: 'dave-apthorp',
    source: 'web',
    campaignId: 'winter-webinars',
    createdAt: '2015-12-03T10:00:00.000Z',
  },
  {
    id: 'stark-expo',
    name: 'Pepper Potts',
    company: 'Stark Industries',
    ownerId: 'erin-kaur',
    source: 'event',
    campaignId: 'london-expo',
    createdAt: '2016-01-12T10:00:00.000Z',
    statuses: [{ at: '2016-01-18T10:00:00.000Z', status: 'qualified' }],
    converted: { at: '2016-01-25T10:00:00.000Z', amount: 2_400_000, closeDate: '2016-03-31' },
  },
  {
    id: 'cyberdyne-expo',
    name: 'Miles Dyson',
    company: 'Cyberdyne',
    ownerId: 'erin-kaur',
    source: 'event',
    campaignId: 'london-expo',
    createdAt: '2016-01-12T11:00:00.000Z',
    statuses: [{ at: '2016-01-20T10:00:00.000Z', status: 'closed-unqualified' }],
  },
  {
    id: 'hooli-referral',
    name: 'Gavin Belson',
    company: 'Hooli',
    ownerId: 'chloe-dubois',
    source: 'referral',
    campaignId: null,
    createdAt: '2016-01-05T10:00:00.000Z',
    converted: {
      at: '2016-01-15T10:00:00.000Z',
      amount: 900_000,
      closeDate: '2016-02-15',
      closed: { at: '2016-02-10T10:00:00.000Z', stageId: 'closed-won' },
    },
  },
  {
    id: 'aperture-partner',
    name: 'Cave Johnson',
    company: 'Aperture',
    ownerId: 'chloe-dubois',
    source: 'partner',
    campaignId: 'partner-push',
    createdAt: '2016-02-03T10:00:00.000Z',
    statuses: [{ at: '2016-02-08T10:00:00.000Z', status: 'contacted' }],
  },
  {
    id: 'wayne-partner',
    name: 'Lucius Fox',
    company: 'Wayne Enterprises',
    ownerId: 'bruno-silva',
    source: 'partner',
    campaignId: 'partner-push',
    createdAt: '2016-02-04T10:00:00.000Z',
    converted: {
      at: '2016-02-15T10:00:00.000Z',
      amount: 1_100_000,
      closeDate: '2016-03-15',
      closed: { at: '2016-02-19T10:00:00.000Z', stageId: 'closed-lost' },
    },
  },
  {
    id: 'oscorp-advert',
    name: 'Norman Osborn',
    company: 'Oscorp',
    ownerId: 'alice-novak',
    source: 'advertising',
    campaignId: null,
    createdAt: '2016-02-10T10:00:00.000Z',
  },
  {
    id: 'tyrell-referral',
    name: 'Eldon Tyrell',
    company: 'Tyrell',
    ownerId: 'dave-apthorp',
    source: 'referral',
    campaignId: null,
    createdAt: '2016-02-16T10:00:00.000Z',
    statuses: [{ at: '2016-02-18T10:00:00.000Z', status: 'qualified' }],
  },
];

/**
 * The leads page's data, for browserOrganisation's company: the marketing user, the
 * campaigns, and each lead created, moved through its statuses and converted at its date
 * through the API; a converted lead's deal is then won or lost by PUT (keeping the campaign,
 * source and contact the conversion gave it).
 */
export function browserLeadsAndCampaigns(): DatedRequest[] {
  const requests: DatedRequest[] = [
    {
      at: SETUP_AT,
      method: 'PUT',
      path: `/reps/${MARKETING_REP.id}`,
      body: {
        name: MARKETING_REP.name,
        email: `${MARKETING_REP.id}@example.com`,
        teamId: BROWSER_COMPANY.id,
        managerId: null,
        active: true,
      },
    },
    ...Object.entries(CAMPAIGNS).map(
      ([id, campaign]): DatedRequest => ({ at: SETUP_AT, method: 'PUT', path: `/campaigns/${id}`, body: campaign }),
    ),
  ];
  for (const lead of LEADS) {
    const body = {
      name: lead.name,
      company: lead.company,
      email: null,
      source: lead.source,
      campaignId: lead.campaignId,
      ownerId: lead.ownerId,
    };
    requests.push({ at: lead.createdAt, method: 'PUT', path: `/leads/${lead.id}`, body: { ...body, status: 'open' } });
    for (const { at, status } of lead.statuses ?? [])
      requests.push({ at, method: 'PUT', path: `/leads/${lead.id}`, body: { ...body, status } });
    const { converted } = lead;
    if (!converted) continue;
    requests.push({
      at: converted.at,
      method: 'POST',
      path: `/leads/${lead.id}/convert`,
      body: { amount: converted.amount, closeDate: converted.closeDate },
    });
    if (converted.closed)
      requests.push({
        at: converted.closed.at,
        method: 'PUT',
        path: `/opportunities/lead-${lead.id}`,
        body: {
          name: lead.company,
          account: lead.company,
          ownerId: lead.ownerId,
          stageId: converted.closed.stageId,
          closeDate: converted.closeDate,
          amount: converted.amount,
          campaignId: lead.campaignId,
          leadSource: lead.source,
          contactName: lead.name,
          customerType: 'new',
        },
      });
  }
  return requests.sort((a, b) => a.at.localeCompare(b.at));
}
