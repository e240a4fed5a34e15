/**
 * The API function's role may do exactly what its stores do with the table. DynamoDB Local
 * ignores IAM, so a store calling an action the role lacks would pass every other test and
 * fail only when deployed (AccessDeniedException, a 500): this reads the stores the API
 * runs (every module of functions/ its entry imports, directly or not) for the
 * DynamoDB calls they make, and holds the grant to exactly that.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_ENTRIES, PROJECT_ROOT } from '#infra/lambda-bundling.js';
import { API_CALLER_COUNTER_ACTIONS, API_INDEX_ACTIONS, API_TABLE_ACTIONS } from '#infra/stateless-stack.js';
import {
  actionsOf,
  crossStackAttribute,
  logicalIdOf,
  refersTo,
  type SynthesizedApp,
  statementsOfRole,
  synthesizeApp,
} from './synthesized-app.js';

/** How each DynamoDB call appears in the stores, and the IAM action DynamoDB authorises it by. */
const CALLS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bGetCommand\b|\bTransactGetCommand\b/, 'dynamodb:GetItem'],
  [/\bPutCommand\b|\bPut:\s*\{/, 'dynamodb:PutItem'],
  [/\bUpdateCommand\b|\bUpdate:\s*\{/, 'dynamodb:UpdateItem'],
  [/\bDeleteCommand\b|\bDelete:\s*\{/, 'dynamodb:DeleteItem'],
  [/\bConditionCheck:\s*\{/, 'dynamodb:ConditionCheckItem'],
  [/\bQueryCommand\b|\bpaginateQuery\b/, 'dynamodb:Query'],
  [/\bScanCommand\b|\bpaginateScan\b/, 'dynamodb:Scan'],
  [/\bBatchGetCommand\b/, 'dynamodb:BatchGetItem'],
  [/\bBatchWriteCommand\b/, 'dynamodb:BatchWriteItem'],
  [/\bDescribeTableCommand\b/, 'dynamodb:DescribeTable'],
];

/**
 * The modules of functions/ the API function runs: its entry's relative imports, static and
 * lazy (`await import(...)`: the route groups and stores loaded on first use), followed within functions/.
 */
function apiStoreFiles(): string[] {
  const functionsDirectory = join(PROJECT_ROOT, 'functions');
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:from |import\()'(\.{1,2}\/[^']+)\.js'/g)) {
      const target = resolve(dirname(file), `${specifier}.ts`);
      if (target.startsWith(functionsDirectory)) visit(target);
    }
  };
  visit(join(PROJECT_ROOT, LAMBDA_ENTRIES.api));
  return [...seen];
}

function actionsCalledBy(files: readonly string[]): string[] {
  const source = files.map((file) => readFileSync(file, 'utf8')).join('\n');
  return CALLS.filter(([pattern]) => pattern.test(source))
    .map(([, action]) => action)
    .sort();
}

describe('API function table access', () => {
  let app: SynthesizedApp;
  let onTable: string[];
  let onIndexes: string[];
  let indexResources: string;
  let conditioned: { readonly Action: string | string[]; readonly Condition?: unknown }[];
  beforeAll(() => {
    app = synthesizeApp();
    const tableId = logicalIdOf(app.stateful.table);
    const statements = statementsOfRole(app.statelessTemplate, logicalIdOf(app.stateless.apiFunction.role!)).filter((statement) =>
      refersTo(statement.Resource, crossStackAttribute(tableId, 'Arn')),
    );
    const indexStatements = statements.filter((statement) => refersTo(statement.Resource, '/index/'));
    conditioned = statements.filter((statement) => statement.Condition !== undefined);
    onTable = statements
      .filter((statement) => !indexStatements.includes(statement) && !conditioned.includes(statement))
      .flatMap(actionsOf)
      .sort();
    onIndexes = indexStatements.flatMap(actionsOf).sort();
    indexResources = JSON.stringify(indexStatements.map((statement) => statement.Resource));
  });

  it('grants exactly the item actions the routes need, on the table', () => {
    expect(onTable).toEqual(
      [
        'dynamodb:BatchGetItem',
        // POST /pipeline/snapshots: writes and replaces an instant's scope items in batches.
        'dynamodb:BatchWriteItem',
        // PUT /commission-levels: its transaction deletes the entries a new range supersedes.
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        // PUT /stages removing a stage, and time travel (GET /pipeline/as-at, /pipeline/change, POST /pipeline/snapshots).
        'dynamodb:Scan',
      ].sort(),
    );
    expect([...API_TABLE_ACTIONS].sort()).toEqual(onTable);
  });

  it('may update items only in the per-caller request counters and the conversion cells: a leading-key condition on CALLER# and CONVERSION#', () => {
    expect(conditioned).toEqual([
      expect.objectContaining({
        Action: 'dynamodb:UpdateItem',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CALLER#*', 'CONVERSION#*'] } },
      }),
    ]);
    expect([...API_CALLER_COUNTER_ACTIONS]).toEqual(['dynamodb:UpdateItem']);
  });

  it('grants no unconditioned UpdateItem (only the stream updates deal-derived items), no DescribeTable, no stream actions', () => {
    for (const action of [
      'dynamodb:UpdateItem',
      'dynamodb:DescribeTable',
      'dynamodb:ConditionCheckItem',
      'dynamodb:GetRecords',
      'dynamodb:DescribeStream',
    ]) {
      expect(onTable).not.toContain(action);
    }
  });

  it('grants Query, and only Query, on each index by name: nothing scans an index', () => {
    expect(onIndexes).toEqual(['dynamodb:Query']);
    expect([...API_INDEX_ACTIONS]).toEqual(['dynamodb:Query']);
    expect(indexResources.match(/\/index\/[^"]*/g)).toEqual(['/index/gsi1', '/index/gsi2', '/index/gsi3']);
  });

  it('matches the DynamoDB calls of the stores the API runs, so no deployed route meets AccessDenied', () => {
    const files = apiStoreFiles();

    expect(files.some((file) => file.endsWith('opportunity-store.ts'))).toBe(true);
    expect(files.some((file) => file.endsWith('caller-request-counter.ts'))).toBe(true);
    expect(files.some((file) => file.endsWith('lead-store.ts'))).toBe(true);
    expect(actionsCalledBy(files)).toEqual([...API_TABLE_ACTIONS, ...API_CALLER_COUNTER_ACTIONS].sort());
  });
});
