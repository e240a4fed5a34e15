/**
 * The leads page's pickers: whose leads (the company, a team or a rep: the scopes GET /me
 * lists, for marketing every team and rep) and which months (from and to, at most 24), with presets for the last 12 months, this fiscal year
 * so far and the last fiscal year. As on the other pages, choosing does nothing until "Show".
 */
import type { Me } from '../api/api-types.js';
import { h, replaceChildren } from '../dom/elements.js';
import { routerLink } from '../router.js';
import { addMonths, monthOf, monthsBetween } from '../state/periods.js';
import { type DashboardState, hrefOf, MAX_RANGE_MONTHS, rangePresets } from '../state/url-state.js';

/** How far back the month lists reach (further: the URL). */
const MONTHS_BACK = 47;

export interface LeadRangeForm {
  readonly element: HTMLElement;
  update(state: DashboardState, now: Date): void;
}

export function createLeadRangeForm(
  me: Me,
  fiscalStart: number,
  monthName: (month: string) => string,
  navigate: (href: string) => void,
): LeadRangeForm {
  const scopeSelect = h('select', { id: 'leads-scope-picker', name: 'scope' });
  if (me.company !== null || me.role === 'marketing' || me.role === 'admin')
    scopeSelect.append(h('option', { value: 'company:' }, me.company ? `${me.company.name} (company)` : 'Whole company'));
  const teams = me.teams.filter((team) => team.id !== me.company?.id);
  if (teams.length > 0)
    scopeSelect.append(h('optgroup', { label: 'Teams' }, ...teams.map((team) => h('option', { value: `team:${team.id}` }, team.name))));
  const reps = me.reps.filter((rep) => rep.active || rep.id === me.rep.id);
  if (reps.length > 0)
    scopeSelect.append(h('optgroup', { label: 'Reps' }, ...reps.map((rep) => h('option', { value: `rep:${rep.id}` }, rep.name))));

  const fromSelect = h('select', { id: 'leads-from', name: 'from' });
  const toSelect = h('select', { id: 'leads-to', name: 'to' });
  const status = h('p', { class: 'form-status', role: 'alert' });
  const presets = h('ul', { class: 'range-presets' });
  let state: DashboardState | undefined;

  const fillMonths = (select: HTMLSelectElement, currentMonth: string, selected: string) => {
    const months = new Set(monthsBetween(addMonths(currentMonth, -MONTHS_BACK), currentMonth));
    months.add(selected);
    replaceChildren(
      select,
      ...[...months]
        .sort()
        .reverse()
        .map((month) => h('option', { value: month, selected: month === selected }, monthName(month))),
    );
    select.value = selected;
  };

  const form = h(
    'form',
    { class: 'scope-period-form' },
    h('div', { class: 'field' }, h('label', { for: 'leads-scope-picker' }, 'Leads of'), scopeSelect),
    h('div', { class: 'field' }, h('label', { for: 'leads-from' }, 'From'), fromSelect),
    h('div', { class: 'field' }, h('label', { for: 'leads-to' }, 'To'), toSelect),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button button--primary' }, 'Show')),
    h('div', { class: 'period-steps' }, h('span', { class: 'range-presets__label' }, 'Quick ranges:'), presets),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!state) return;
    const [from, to] = [fromSelect.value, toSelect.value].sort() as [string, string];
    if (monthsBetween(from, to).length > MAX_RANGE_MONTHS) {
      status.textContent = `Choose at most ${MAX_RANGE_MONTHS} months.`;
      return;
    }
    status.textContent = '';
    const [kind, id = ''] = scopeSelect.value.split(/:(.*)/s);
    const scope = kind === 'team' ? { team: id, rep: null } : kind === 'rep' ? { team: null, rep: id } : { team: null, rep: null };
    navigate(hrefOf({ ...state, ...scope, view: 'leads', from, to }));
  });

  return {
    element: h('nav', { class: 'controls', 'aria-label': 'Leads and months' }, form),
    update: (newState, now) => {
      state = newState;
      status.textContent = '';
      const currentMonth = monthOf(now);
      const value = newState.team ? `team:${newState.team}` : newState.rep ? `rep:${newState.rep}` : 'company:';
      if ([...scopeSelect.options].some((option) => option.value === value)) scopeSelect.value = value;
      fillMonths(fromSelect, currentMonth, newState.from ?? currentMonth);
      fillMonths(toSelect, currentMonth, newState.to ?? currentMonth);
      replaceChildren(
        presets,
        ...rangePresets(currentMonth, fiscalStart).map((preset) => {
          const link = routerLink(hrefOf({ ...newState, from: preset.from, to: preset.to }), navigate, preset.label);
          if (preset.from === newState.from && preset.to === newState.to) link.setAttribute('aria-current', 'true');
          return h('li', {}, link);
        }),
      );
    },
  };
}
