/**
 * A rep's figures for a month, fiscal quarter or fiscal year, in the shape of a team's
 * period, so that whatever reads a team's gauge reads a rep's alike.
 *
 * 1. The caller must see the rep (else not found, as a missing rep), and the rep must exist.
 * 2. Parse the period with the fiscal year start month from the settings.
 * 3. Read the rep's month totals, general targets and levels timeline over the period's
 *    months, and the stage configuration.
 * 4. Sum as a team sums its reps: totals and monthly commission added up, the target the
 *    sum of the months' targets that are set.
 */

import { type AccessContext, repNotFound, requireSeeRep } from '../organisation/access-policy.js';
import type { RepRepository } from '../organisation/rep-repository.js';
import type { SettingsRepository } from '../organisation/settings-repository.js';
import { type Period, parsePeriod } from '../shared/period.js';
import { type RollupLookupPorts, readRollupLookups } from './rollup-lookups.js';
import { type MemberReport, type RollupFigures, rollUpRep } from './team-rollup.js';

export interface ReadRepPeriodPorts extends RollupLookupPorts {
  readonly reps: RepRepository;
  readonly settings: SettingsRepository;
}

export interface RepPeriodResult extends RollupFigures {
  readonly repId: string;
  readonly name: string;
  readonly period: Period;
  readonly months: readonly string[];
  /** Always empty: a rep has no drill-down (kept so that a team's and a rep's period read alike). */
  readonly members: readonly MemberReport[];
}

export async function readRepPeriod(
  ports: ReadRepPeriodPorts,
  access: AccessContext,
  repId: string,
  periodText: string,
): Promise<RepPeriodResult> {
  requireSeeRep(access, repId);
  const [rep, settings] = await Promise.all([ports.reps.get(repId), ports.settings.get()]);
  if (!rep) throw repNotFound(repId);
  const period = parsePeriod(periodText, settings.fiscalYearStartMonth);
  const lookups = await readRollupLookups(ports, { repIds: [repId], teamIds: [] }, period.months);
  return { repId, name: rep.name, period, months: [...period.months], ...rollUpRep(lookups, repId, period.months), members: [] };
}
