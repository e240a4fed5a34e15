/**
 * The organisation the writes go to, set up through the API as an administrator would:
 * the default stage configuration, a company of four regions with two teams each, the
 * reps, each rep's commission levels (a Services plan for a quarter of them) and a year
 * of monthly targets per rep and for the company.
 */

import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { addMonths, monthOfInstant, monthsBetween } from '#core/shared/period.js';
import { forEachConcurrently } from './concurrency.js';
import type { HttpJsonClient } from './http-json-client.js';
import { integerBetween, seededRandom } from './seeded-random.js';

export interface Organisation {
  readonly repIds: readonly string[];
  /** Months the deals' close dates start in: two back, this one, three ahead. */
  readonly closeMonths: readonly string[];
  readonly requests: number;
}

const REGIONS = ['emea', 'americas', 'apac', 'latam'];
/** 2 % on the first 50,000, 4 % to 75,000, 6 % above (minor units), as in the domain's example. */
const GENERAL_BANDS = [
  { from: 0, to: 5_000_000, ratePercent: 2 },
  { from: 5_000_000, to: 7_500_000, ratePercent: 4 },
  { from: 7_500_000, to: null, ratePercent: 6 },
];

export async function setUpOrganisation(
  client: HttpJsonClient,
  { reps, concurrency, now, seed }: { reps: number; concurrency: number; now: Date; seed: number },
): Promise<Organisation> {
  const random = seededRandom(seed);
  const thisMonth = monthOfInstant(now);
  const targetMonths = monthsBetween(addMonths(thisMonth, -3), addMonths(thisMonth, 8));
  let requests = 0;
  const put = async (path: string, body: unknown) => {
    requests++;
    await client.sendOk('PUT', path, body);
  };

  await put('/stages', DEFAULT_STAGES);
  await put('/teams/company', { name: 'Company', parentTeamId: null });
  const leafTeams = REGIONS.flatMap((region) => [`${region}-enterprise`, `${region}-commercial`]);
  await forEachConcurrently(REGIONS, concurrency, (region) =>
    put(`/teams/${region}`, { name: region.toUpperCase(), parentTeamId: 'company' }),
  );
  await forEachConcurrently(leafTeams, concurrency, (team) => put(`/teams/${team}`, { name: team, parentTeamId: team.split('-')[0] }));

  const repIds = Array.from({ length: reps }, (_, index) => `rep-${String(index + 1).padStart(4, '0')}`);
  // The first rep of each team manages the others.
  const teamOf = (index: number) => leafTeams[index % leafTeams.length] as string;
  const managerOf = (index: number) => (index < leafTeams.length ? null : (repIds[index % leafTeams.length] as string));
  const putRep = (index: number) =>
    put(`/reps/${repIds[index]}`, {
      name: `Rep ${index + 1}`,
      email: `${repIds[index]}@example.com`,
      teamId: teamOf(index),
      managerId: managerOf(index),
      active: true,
    });
  // Managers first: a rep's manager must exist.
  const indexes = [...repIds.keys()];
  await forEachConcurrently(indexes.slice(0, leafTeams.length), concurrency, putRep);
  await forEachConcurrently(indexes.slice(leafTeams.length), concurrency, putRep);

  const levelsFrom = addMonths(thisMonth, -12);
  const targetAmounts = repIds.map(() =>
    Object.fromEntries(targetMonths.map((month) => [month, integerBetween(random, 60_000, 150_000) * 100])),
  );
  const servicesPlan = repIds.map(() => random() < 0.25);
  await forEachConcurrently([...repIds.keys()], concurrency, async (index) => {
    const repId = repIds[index] as string;
    await put('/commission-levels', { repId, fromMonth: levelsFrom, toMonth: null, bands: GENERAL_BANDS });
    if (servicesPlan[index])
      await put('/commission-levels', {
        repId,
        productFamily: 'Services',
        fromMonth: levelsFrom,
        toMonth: null,
        bands: [{ from: 0, to: null, ratePercent: 1.5 }],
      });
    await put('/targets', { ownerType: 'rep', ownerId: repId, amounts: targetAmounts[index] });
  });
  await put('/targets', {
    ownerType: 'team',
    ownerId: 'company',
    amounts: Object.fromEntries(targetMonths.map((month) => [month, reps * 10_000_000])),
  });

  return { repIds, closeMonths: monthsBetween(addMonths(thisMonth, -2), addMonths(thisMonth, 3)), requests };
}
