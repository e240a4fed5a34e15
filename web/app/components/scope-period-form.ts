/**
 * The scope and period pickers: whose figures (the company, a team or a rep: only those
 * GET /me says the user may see) and which period (a month, a fiscal quarter or a fiscal
 * year). Choosing does nothing until "Show" (so moving through a list with the arrow keys
 * does not reload every chart); "Previous" and "Next" are links to the neighbouring period.
 */
import type { Me } from '../api/api-types.js';
import { h, replaceChildren } from '../dom/elements.js';
import { routerLink } from '../router.js';
import {
  addMonths,
  monthOf,
  type Period,
  type PeriodKind,
  parsePeriod,
  periodContaining,
  periodLabel,
  shiftPeriod,
} from '../state/periods.js';
import { type DashboardState, hrefOf } from '../state/url-state.js';

const KINDS: readonly { readonly value: PeriodKind; readonly label: string }[] = [
  { value: 'month', label: 'Month' },
  { value: 'quarter', label: 'Fiscal quarter' },
  { value: 'fiscal-year', label: 'Fiscal year' },
];

/** How far the period list reaches around now (further periods: Previous/Next, or the URL). */
const MONTHS_BACK = 36;
const MONTHS_AHEAD = 12;

export interface ScopePeriodForm {
  readonly element: HTMLElement;
  update(state: DashboardState, now: Date): void;
}

/** The team tree flattened in order, with each team's depth (for indentation). */
function teamsWithDepth(me: Me): { id: string; name: string; depth: number }[] {
  const depth = new Map<string, number>();
  return me.teams.map((team) => {
    const level = team.parentTeamId && depth.has(team.parentTeamId) ? (depth.get(team.parentTeamId) as number) + 1 : 0;
    depth.set(team.id, level);
    return { id: team.id, name: team.name, depth: level };
  });
}

/** The periods of a kind from MONTHS_BACK before now to MONTHS_AHEAD after, and `include` wherever it is. */
export function periodChoices(kind: PeriodKind, now: Date, fiscalStart: number, include: string | null): string[] {
  const current = monthOf(now);
  const choices = new Set<string>();
  for (let offset = -MONTHS_BACK; offset <= MONTHS_AHEAD; offset++)
    choices.add(periodContaining(kind, addMonths(current, offset), fiscalStart));
  if (include !== null && parsePeriod(include, fiscalStart)?.kind === kind) choices.add(include);
  return [...choices].sort().reverse();
}

export function createScopePeriodForm(me: Me, fiscalStart: number, navigate: (href: string) => void): ScopePeriodForm {
  const scopeSelect = h('select', { id: 'scope-picker', name: 'scope' });
  const company = me.company;
  if (company) scopeSelect.append(h('option', { value: `company:${company.id}` }, `${company.name} (company)`));
  const teams = teamsWithDepth(me).filter((team) => team.id !== company?.id);
  if (teams.length > 0)
    scopeSelect.append(
      h(
        'optgroup',
        { label: 'Teams' },
        ...teams.map((team) => h('option', { value: `team:${team.id}` }, `${'\u00a0\u00a0'.repeat(team.depth)}${team.name}`)),
      ),
    );
  const reps = me.reps.filter((rep) => rep.active || rep.id === me.rep.id);
  scopeSelect.append(h('optgroup', { label: 'Reps' }, ...reps.map((rep) => h('option', { value: `rep:${rep.id}` }, rep.name))));

  const kindSelect = h(
    'select',
    { id: 'period-kind', name: 'periodKind' },
    ...KINDS.map((kind) => h('option', { value: kind.value }, kind.label)),
  );
  const periodSelect = h('select', { id: 'period-picker', name: 'period' });
  const previous = h('span', { class: 'period-step' });
  const next = h('span', { class: 'period-step' });
  let state: DashboardState | undefined;
  let now = new Date();

  const fillPeriods = (kind: PeriodKind, selected: string) => {
    replaceChildren(
      periodSelect,
      ...periodChoices(kind, now, fiscalStart, selected).map((text) =>
        h('option', { value: text, selected: text === selected }, periodLabel(parsePeriod(text, fiscalStart) as Period)),
      ),
    );
    periodSelect.value = selected;
  };

  kindSelect.addEventListener('change', () => {
    const kind = kindSelect.value as PeriodKind;
    const current = parsePeriod(periodSelect.value, fiscalStart);
    // The same moment in the new kind: February 2016 becomes Q1 FY2016, and back.
    const month = current ? (current.months.includes(monthOf(now)) ? monthOf(now) : (current.months[0] as string)) : monthOf(now);
    fillPeriods(kind, periodContaining(kind, month, fiscalStart));
  });

  const form = h(
    'form',
    { class: 'scope-period-form' },
    h('div', { class: 'field' }, h('label', { for: 'scope-picker' }, 'Figures of'), scopeSelect),
    h('div', { class: 'field' }, h('label', { for: 'period-kind' }, 'Period'), kindSelect),
    h('div', { class: 'field' }, h('label', { for: 'period-picker' }, 'Which'), periodSelect),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button button--primary' }, 'Show')),
    h('div', { class: 'period-steps' }, previous, next),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!state) return;
    const [kind, id = ''] = scopeSelect.value.split(/:(.*)/s);
    const scope: Partial<DashboardState> =
      kind === 'company'
        ? { view: 'company', team: null, rep: null }
        : kind === 'team'
          ? { view: 'team', team: id, rep: null }
          : { view: 'rep', rep: id, team: null };
    navigate(hrefOf({ ...state, ...scope, deal: null, period: periodSelect.value }));
  });

  return {
    element: h('nav', { class: 'controls', 'aria-label': 'Scope and period' }, form),
    update: (newState, newNow) => {
      state = newState;
      now = newNow;
      const value =
        newState.view === 'company' && company
          ? `company:${company.id}`
          : newState.view === 'team'
            ? `team:${newState.team}`
            : newState.view === 'rep'
              ? `rep:${newState.rep}`
              : null;
      if (value && [...scopeSelect.options].some((option) => option.value === value)) scopeSelect.value = value;
      const period = parsePeriod(newState.period, fiscalStart);
      if (period) {
        kindSelect.value = period.kind;
        fillPeriods(period.kind, period.text);
        const before = shiftPeriod(period, -1, fiscalStart);
        const after = shiftPeriod(period, 1, fiscalStart);
        replaceChildren(
          previous,
          routerLink(
            hrefOf({ ...newState, period: before }),
            navigate,
            '‹ ',
            h('span', {}, `Previous: ${periodLabel(parsePeriod(before, fiscalStart) as Period)}`),
          ),
        );
        replaceChildren(
          next,
          routerLink(
            hrefOf({ ...newState, period: after }),
            navigate,
            h('span', {}, `Next: ${periodLabel(parsePeriod(after, fiscalStart) as Period)}`),
            ' ›',
          ),
        );
      }
    },
  };
}
