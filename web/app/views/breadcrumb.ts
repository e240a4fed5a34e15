/** Where the view sits in the organisation: Company › Team › Sub-team (› Rep), each a link up. */
import type { Me } from '../api/api-types.js';
import { h } from '../dom/elements.js';
import { routerLink } from '../router.js';
import type { ViewContext } from './view-context.js';

interface Crumb {
  readonly label: string;
  readonly href: string | null;
}

/** The chain of teams the user may see from the top down to `teamId` (inclusive). */
function teamChain(me: Me, teamId: string): Me['teams'][number][] {
  const byId = new Map(me.teams.map((team) => [team.id, team]));
  const chain: Me['teams'][number][] = [];
  const seen = new Set<string>();
  let current = byId.get(teamId);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    chain.unshift(current);
    current = current.parentTeamId ? byId.get(current.parentTeamId) : undefined;
  }
  return chain;
}

export function breadcrumb(
  context: ViewContext,
  place: { readonly teamId?: string | null; readonly rep?: { id: string; name: string } | null; readonly deal?: string | null },
): HTMLElement {
  const { me } = context;
  const crumbs: Crumb[] = [];
  if (me.company) crumbs.push({ label: me.company.name, href: context.hrefTo({ view: 'company', team: null, rep: null, deal: null }) });
  if (place.teamId) {
    for (const team of teamChain(me, place.teamId)) {
      if (team.id === me.company?.id) continue;
      crumbs.push({ label: team.name, href: context.hrefTo({ view: 'team', team: team.id, rep: null, deal: null }) });
    }
  }
  if (place.rep) crumbs.push({ label: place.rep.name, href: context.hrefTo({ view: 'rep', rep: place.rep.id, team: null, deal: null }) });
  if (place.deal) crumbs.push({ label: place.deal, href: null });
  // The last crumb is where we are: not a link.
  const last = crumbs.at(-1);
  if (last) crumbs[crumbs.length - 1] = { label: last.label, href: null };
  return h(
    'nav',
    { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
    h(
      'ol',
      {},
      ...crumbs.map((crumb) =>
        h(
          'li',
          {},
          crumb.href ? routerLink(crumb.href, context.navigate, crumb.label) : h('span', { 'aria-current': 'page' }, crumb.label),
        ),
      ),
    ),
  );
}
