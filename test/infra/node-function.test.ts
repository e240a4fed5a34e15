import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BundlingOptions, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { describe, expect, it } from 'vitest';
import { LAMBDA_ENTRIES, lambdaEsbuildOptions } from '#infra/lambda-bundling.js';
import { NODE_FUNCTION_HANDLER, NodeFunction, nodeFunctionBundling } from '#infra/node-function.js';
import { actionsOf, logicalIdOf, newTestApp, statementsOfRole } from './synthesized-app.js';

function aStackWithTable() {
  const stack = new Stack(newTestApp(), 'TestStack');
  const table = new dynamodb.TableV2(stack, 'Table', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  });
  return { stack, table };
}

describe('NodeFunction', () => {
  it('defaults to 512 MiB, 10 s, no tracing, one month of logs that go with the stack', () => {
    const { stack } = aStackWithTable();
    const lambdaFunction = new NodeFunction(stack, 'Function', { entry: 'api', serviceName: 'api' });

    const template = Template.fromStack(stack);

    const properties = template.findResources('AWS::Lambda::Function')[logicalIdOf(lambdaFunction)]?.Properties;
    expect(properties).toMatchObject({ MemorySize: 512, Timeout: 10, Runtime: 'nodejs22.x', Architectures: ['arm64'] });
    expect(properties.TracingConfig).toBeUndefined();
    template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Delete' });
  });

  it('has a role of its own with no managed policy, allowed to write only its own log group', () => {
    const { stack } = aStackWithTable();
    const lambdaFunction = new NodeFunction(stack, 'Function', { entry: 'api', serviceName: 'api' });

    const template = Template.fromStack(stack);

    const roleId = logicalIdOf(lambdaFunction.role!);
    expect(template.findResources('AWS::IAM::Role')[roleId]?.Properties.ManagedPolicyArns).toBeUndefined();
    const logGroupId = template.findResources('AWS::Lambda::Function')[logicalIdOf(lambdaFunction)]?.Properties.LoggingConfig.LogGroup.Ref;
    expect(statementsOfRole(template, roleId)).toEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
    ]);
  });

  it('bindTable grants Query and Scan on each named index, never on index/*', () => {
    const { stack, table } = aStackWithTable();
    const lambdaFunction = new NodeFunction(stack, 'Function', { entry: 'api', serviceName: 'api' });

    lambdaFunction.bindTable(table, 'readWrite', ['byOwner', 'byTeam']);

    const statements = statementsOfRole(Template.fromStack(stack), logicalIdOf(lambdaFunction.role!));
    const indexStatements = statements.filter((statement) => JSON.stringify(statement.Resource).includes('/index/'));
    expect(indexStatements).toHaveLength(1);
    expect(indexStatements[0]).toMatchObject({ Action: ['dynamodb:Query', 'dynamodb:Scan'] });
    expect(JSON.stringify(indexStatements[0]?.Resource).match(/\/index\/[^"]*/g)).toEqual(['/index/byOwner', '/index/byTeam']);
    expect(JSON.stringify(statements)).not.toContain('*');
  });

  it('bindTable with no index to read grants nothing on indexes', () => {
    const { stack, table } = aStackWithTable();
    const writer = new NodeFunction(stack, 'Writer', { entry: 'api', serviceName: 'api' });

    writer.bindTable(table, { actions: ['dynamodb:PutItem'] });

    const statements = statementsOfRole(Template.fromStack(stack), logicalIdOf(writer.role!));
    expect(JSON.stringify(statements)).not.toContain('/index/');
  });

  it('bindTable adds TABLE_NAME to the caller environment instead of replacing it', () => {
    const { stack, table } = aStackWithTable();
    const lambdaFunction = new NodeFunction(stack, 'Function', {
      entry: 'api',
      serviceName: 'api',
      environment: { FEATURE_FLAG: 'on', POWERTOOLS_LOG_LEVEL: 'DEBUG' },
    });

    lambdaFunction.bindTable(table, 'read');

    const variables =
      Template.fromStack(stack).findResources('AWS::Lambda::Function')[logicalIdOf(lambdaFunction)]?.Properties.Environment.Variables;
    expect(variables).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'api',
      POWERTOOLS_METRICS_NAMESPACE: 'SalesPerformance',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      POWERTOOLS_LOGGER_LOG_EVENT: 'false',
      FEATURE_FLAG: 'on',
      TABLE_NAME: { Ref: logicalIdOf(table) },
    });
  });

  it("bindTable 'read' grants reads only; 'readWrite' adds writes", () => {
    const { stack, table } = aStackWithTable();
    const reader = new NodeFunction(stack, 'Reader', { entry: 'api', serviceName: 'reader' });
    const writer = new NodeFunction(stack, 'Writer', { entry: 'api', serviceName: 'writer' });

    reader.bindTable(table, 'read');
    writer.bindTable(table, 'readWrite');

    const template = Template.fromStack(stack);
    const readerActions = statementsOfRole(template, logicalIdOf(reader.role!)).flatMap(actionsOf);
    const writerActions = statementsOfRole(template, logicalIdOf(writer.role!)).flatMap(actionsOf);
    expect(readerActions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem']));
    expect(readerActions).not.toContain('dynamodb:PutItem');
    expect(readerActions).not.toContain('dynamodb:UpdateItem');
    expect(writerActions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']));
  });

  it('bindTable with a list of actions grants exactly those, and refuses an empty list', () => {
    const { stack, table } = aStackWithTable();
    const scanner = new NodeFunction(stack, 'Scanner', { entry: 'snapshot', serviceName: 'scanner' });
    const nothing = new NodeFunction(stack, 'Nothing', { entry: 'snapshot', serviceName: 'nothing' });

    scanner.bindTable(table, { actions: ['dynamodb:Scan', 'dynamodb:BatchWriteItem'] });

    const statements = statementsOfRole(Template.fromStack(stack), logicalIdOf(scanner.role!));
    const onTable = statements.filter(
      (statement) => JSON.stringify(statement.Resource) === JSON.stringify({ 'Fn::GetAtt': [logicalIdOf(table), 'Arn'] }),
    );
    expect(onTable.flatMap(actionsOf).sort()).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:Scan']);
    expect([...new Set(statements.flatMap(actionsOf).filter((action) => action.startsWith('dynamodb:')))].sort()).toEqual([
      'dynamodb:BatchWriteItem',
      'dynamodb:Scan',
    ]);
    expect(() => nothing.bindTable(table, { actions: [] })).toThrow(/at least one action/);
  });

  it('bindTable refuses a TABLE_NAME the caller set, and a second table', () => {
    const { stack, table } = aStackWithTable();
    const otherTable = new dynamodb.TableV2(stack, 'OtherTable', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    const preset = new NodeFunction(stack, 'Preset', { entry: 'api', serviceName: 'api', environment: { TABLE_NAME: 'x' } });
    const bound = new NodeFunction(stack, 'Bound', { entry: 'api', serviceName: 'api' });
    bound.bindTable(table, 'read');

    expect(() => preset.bindTable(table, 'read')).toThrow(/TABLE_NAME is set by bindTable/);
    expect(() => bound.bindTable(otherTable, 'read')).toThrow(/already bound to another table/);
    expect(() => bound.bindTable(table, 'readWrite')).not.toThrow();
  });
});

describe('bundling', () => {
  it('builds the asset with the esbuild options the bundle report measures: an ES module entry and its chunks', () => {
    for (const entry of Object.keys(LAMBDA_ENTRIES) as Array<keyof typeof LAMBDA_ENTRIES>) {
      expect(lambdaEsbuildOptions(entry, '/asset')).toMatchObject({
        entryPoints: { index: LAMBDA_ENTRIES[entry] },
        outdir: '/asset',
        outExtension: { '.js': '.mjs' },
        splitting: true,
        bundle: true,
        platform: 'node',
        target: 'node22',
        format: 'esm',
        minify: true,
        sourcemap: true,
        sourcesContent: false,
        banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
        external: ['@aws-sdk/*', '@smithy/*'],
      });
    }
    expect(NODE_FUNCTION_HANDLER).toBe('index.handler');
  });

  it('bundles on this machine into the asset directory, the lazily loaded route groups as chunks, never in Docker', () => {
    const directory = mkdtempSync(join(tmpdir(), 'node-function-bundling-'));
    try {
      expect(nodeFunctionBundling('api').local?.tryBundle(directory, {} as BundlingOptions)).toBe(true);
      expect(existsSync(join(directory, 'index.mjs'))).toBe(true);
      expect(existsSync(join(directory, 'index.mjs.map'))).toBe(true);
      expect(readdirSync(join(directory, 'chunks')).filter((file) => file.endsWith('.mjs')).length).toBeGreaterThan(5);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
