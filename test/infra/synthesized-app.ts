import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, CustomResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { PROJECT_ROOT } from '#infra/lambda-bundling.js';
import { addSalesPerformanceStacks, type SalesPerformanceStacks } from '#infra/sales-performance-app.js';

/** The context of cdk.json (feature flags included), so tests synthesize what `cdk synth` does. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

export interface TestAppOptions {
  /**
   * Really bundle the Lambdas. Off by default: `aws:cdk:bundling-stacks: []` tells CDK to
   * bundle no stack (it stages a placeholder asset instead), which keeps assertion tests fast.
   * full-synth.test.ts bundles for real, so bundling stays proven.
   */
  readonly bundle?: boolean;
  /**
   * Run CDK's built-in CloudFormation template validation, as `cdk synth` does. Off by
   * default: starting its engine costs seconds per test file; full-synth.test.ts runs it.
   */
  readonly validate?: boolean;
  /** Context on top of cdk.json's. */
  readonly context?: Record<string, unknown>;
}

export function newTestApp(options: TestAppOptions = {}): App {
  return new App({
    context: {
      ...cdkJsonContext(),
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
    builtinCloudFormationValidation: options.validate ?? false,
    // Creation stack traces and tree.json only help when debugging a synth.
    stackTraces: false,
    treeMetadata: false,
  });
}

export interface SynthesizedApp extends SalesPerformanceStacks {
  readonly assembly: CloudAssembly;
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
}

/** Builds the real app (infra/sales-performance-app.ts) and synthesizes it once. */
export function synthesizeApp(options: TestAppOptions = {}): SynthesizedApp {
  const app = newTestApp(options);
  const stacks = addSalesPerformanceStacks(app);
  const assembly = app.synth();
  const templateOf = (stack: Stack) => Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template as Record<string, unknown>);
  return {
    ...stacks,
    assembly,
    statefulTemplate: templateOf(stacks.stateful),
    statelessTemplate: templateOf(stacks.stateless),
  };
}

/** The logical id a construct's CloudFormation resource gets in its stack. */
export function logicalIdOf(construct: IConstruct): string {
  const resource = construct.node.defaultChild;
  if (!resource) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(resource as Parameters<Stack['getLogicalId']>[0]);
}

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** Every statement of the IAM policies attached to the role of `roleLogicalId`. */
export function statementsOfRole(template: Template, roleLogicalId: string): PolicyStatement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleLogicalId }]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as PolicyStatement[]);
}

export const actionsOf = (statement: PolicyStatement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

/**
 * How the stateless stack refers to an attribute of a stateful resource. Weak references
 * (Fn::GetStackOutput) and exports (Fn::ImportValue) both name it `...FnGetAtt<id><attr>...`.
 */
export const crossStackAttribute = (logicalId: string, attribute: string): string => `FnGetAtt${logicalId}${attribute}`;

export const refersTo = (value: unknown, reference: string): boolean => JSON.stringify(value).includes(reference);

/**
 * A CloudFormation value as text, references written as Fn::Sub writes them: `${LogicalId}`,
 * `${LogicalId.Attribute}`; a weak reference to another stack as `${Stack:Ref<LogicalId>}` or
 * `${Stack:FnGetAtt<LogicalId><Attribute>}` (the output it reads, without CDK's prefix and hash).
 * Joins are joined, so a URL built from a domain name reads as one string.
 */
export function cfnText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const intrinsic = value as Record<string, any>;
  if ('Ref' in intrinsic) return `\${${intrinsic.Ref}}`;
  if ('Fn::GetAtt' in intrinsic) return `\${${(intrinsic['Fn::GetAtt'] as string[]).join('.')}}`;
  if ('Fn::GetStackOutput' in intrinsic) {
    const { StackName, OutputName } = intrinsic['Fn::GetStackOutput'] as { StackName: string; OutputName: string };
    return `\${${StackName}:${OutputName.replace(/^PublishOutput/, '').replace(/[0-9A-F]{8}$/, '')}}`;
  }
  if ('Fn::Sub' in intrinsic && typeof intrinsic['Fn::Sub'] === 'string') return intrinsic['Fn::Sub'];
  if ('Fn::Join' in intrinsic) {
    const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
    return parts.map(cfnText).join(separator);
  }
  throw new Error(`cfnText cannot read ${JSON.stringify(value)}`);
}

/** The logical id of the custom resource a construct holds (a BucketDeployment's, an AwsCustomResource's). */
export function customResourceIdOf(construct: IConstruct): string {
  const resource = construct.node.findAll().find((child) => child instanceof CustomResource);
  if (!resource) throw new Error(`${construct.node.path} holds no custom resource`);
  return logicalIdOf(resource);
}

/** The custom resource a construct holds, as the template has it. */
export function customResourceOf(template: Template, construct: IConstruct): { Properties: Record<string, any>; DependsOn?: string[] } {
  const id = customResourceIdOf(construct);
  const resource = template.toJSON().Resources[id];
  if (!resource) throw new Error(`${construct.node.path}: no resource ${id} in the template`);
  return resource;
}

/**
 * A file a BucketDeployment copies from one of its sources, read from the cloud assembly, with
 * each deploy-time value (a marker the handler replaces) written as cfnText writes it.
 */
export function deployedFile(app: SynthesizedApp, deployment: IConstruct, fileName: string): string {
  const properties = customResourceOf(app.statelessTemplate, deployment).Properties;
  const keys = properties.SourceObjectKeys as string[];
  const markers = (properties.SourceMarkers ?? []) as Array<Record<string, unknown>>;
  for (const [index, key] of keys.entries()) {
    const file = join(app.assembly.directory, `asset.${key.replace(/\.zip$/, '')}`, fileName);
    if (!existsSync(file)) continue;
    return Object.entries(markers[index] ?? {}).reduce(
      (text, [marker, value]) => text.split(marker).join(cfnText(value)),
      readFileSync(file, 'utf8'),
    );
  }
  throw new Error(`${deployment.node.path} deploys no ${fileName}`);
}
