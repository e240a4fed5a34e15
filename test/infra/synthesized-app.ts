import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
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
