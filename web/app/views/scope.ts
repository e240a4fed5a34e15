/** Whose figures a view shows, and how the API names that scope in paths and queries. */

export type Scope =
  | { readonly kind: 'company' }
  | { readonly kind: 'team'; readonly id: string }
  | { readonly kind: 'rep'; readonly id: string };

/** `/company`, `/teams/{id}` or `/reps/{id}`: the prefix of the period and month-series reads. */
export function scopePath(scope: Scope): string {
  if (scope.kind === 'company') return '/company';
  return `/${scope.kind === 'team' ? 'teams' : 'reps'}/${encodeURIComponent(scope.id)}`;
}

/** The pipeline and quality reads' scope parameters: none for the company. */
export function scopeQuery(scope: Scope): { teamId?: string; repId?: string } {
  if (scope.kind === 'team') return { teamId: scope.id };
  if (scope.kind === 'rep') return { repId: scope.id };
  return {};
}
