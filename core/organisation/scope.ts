/**
 * Whose figures a report covers: the company, a team with every team below it, or one rep.
 * The pipeline reports take a rep as the owner at the instant; the quality table's company
 * scope is everyone the caller may see.
 */
export type Scope =
  | { readonly kind: 'company' }
  | { readonly kind: 'team'; readonly teamId: string }
  | { readonly kind: 'rep'; readonly repId: string };

export const COMPANY_SCOPE: Scope = { kind: 'company' };

/** A stable name for a scope, for maps and storage keys. */
export function scopeKeyOf(scope: Scope): string {
  return scope.kind === 'company' ? 'company' : scope.kind === 'team' ? `team#${scope.teamId}` : `rep#${scope.repId}`;
}
