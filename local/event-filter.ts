/**
 * Lambda event filtering (an event source mapping's FilterCriteria), for the subset of the
 * rule syntax this project's patterns use: nested objects, arrays of allowed exact values,
 * `{ prefix }` and `{ exists }`. A pattern using anything else is rejected when the poller
 * is built, so the local runtime never silently filters differently from AWS.
 */
export type FilterRule = string | number | boolean | null | { readonly prefix: string } | { readonly exists: boolean };

export interface FilterPattern {
  readonly [field: string]: FilterPattern | readonly FilterRule[];
}

export type RecordFilter = (record: unknown) => boolean;

/** Filters are OR-ed, as in FilterCriteria; no filter at all lets every record through. */
export function compileFilters(patterns: readonly FilterPattern[]): RecordFilter {
  for (const pattern of patterns) assertSupported(pattern, '');
  if (patterns.length === 0) return () => true;
  return (record) => patterns.some((pattern) => matchesPattern(pattern, record));
}

function matchesPattern(pattern: FilterPattern, value: unknown): boolean {
  if (!isObject(value)) return false;
  // Every field of the pattern must match (AND); fields absent from the pattern are ignored.
  return Object.entries(pattern).every(([field, rule]) =>
    Array.isArray(rule) ? matchesRules(rule, value[field], field in value) : matchesPattern(rule as FilterPattern, value[field]),
  );
}

function matchesRules(rules: readonly FilterRule[], value: unknown, present: boolean): boolean {
  // A record field holding an array matches when any of its elements does.
  const candidates = Array.isArray(value) ? value : [value];
  return rules.some((rule) => {
    if (isObject(rule) && 'exists' in rule) return rule.exists === present;
    if (!present) return false;
    return candidates.some((candidate) => matchesRule(rule, candidate));
  });
}

function matchesRule(rule: FilterRule, value: unknown): boolean {
  if (isObject(rule) && 'prefix' in rule) return typeof value === 'string' && value.startsWith(rule.prefix);
  // Exact match of the JSON value: the string "5" is not the number 5 (DynamoDB JSON keeps N as strings).
  return value === rule;
}

function assertSupported(pattern: FilterPattern, path: string): void {
  for (const [field, rule] of Object.entries(pattern)) {
    const at = path ? `${path}.${field}` : field;
    if (!Array.isArray(rule)) {
      if (!isObject(rule)) throw new Error(`filter pattern at ${at}: expected an object or an array of rules`);
      assertSupported(rule as FilterPattern, at);
      continue;
    }
    for (const item of rule as readonly unknown[]) {
      if (item === null || ['string', 'number', 'boolean'].includes(typeof item)) continue;
      const keys = isObject(item) ? Object.keys(item) : [];
      const supported =
        keys.length === 1 &&
        ((keys[0] === 'prefix' && typeof (item as { prefix: unknown }).prefix === 'string') ||
          (keys[0] === 'exists' && typeof (item as { exists: unknown }).exists === 'boolean'));
      if (!supported) throw new Error(`filter pattern at ${at}: rule ${JSON.stringify(item)} is not supported locally`);
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
