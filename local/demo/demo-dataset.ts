/**
 * The demo dataset, as a chronological list of API requests: the seed's example (Dave
 * Apthorp, February 2016, with the bands of DOMAIN.md) and a realistic sales organisation
 * — a company of five teams and 30 reps, targets, commission levels with a kicker month,
 * and a year of deals with history (stage moves, slipped close dates, owner changes, wins
 * and losses). Deterministic: the same `now` gives the same data.
 */
import { addMonths, monthOfInstant, monthsBetween } from '#core/shared/period.js';

export interface DemoRequest {
  /** The instant the request is made at: the API's clock is set to it, so history is dated. */
  readonly at: string;
  readonly method: 'PUT' | 'DELETE';
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
        leadSource: ['Web', 'Partner', 'Event', 'Outbound'][Math.floor(random() * 4)],
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
  return requests.sort((a, b) => a.at.localeCompare(b.at));
}

function productLines(amount: number, random: () => number): Array<{ productFamily: string; amount: number }> {
  const share = Math.round((amount * (0.3 + random() * 0.5)) / 100) * 100;
  const second = FAMILIES[1 + Math.floor(random() * 2)]!;
  return [
    { productFamily: FAMILIES[0], amount: share },
    { productFamily: second, amount: amount - share },
  ];
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
