import { AssetHashType, type BundlingOptions, DockerImage, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { TABLE_DEFINITION } from '#functions/store/table-definition.js';
import { BUNDLE_FILE_NAME, LAMBDA_ENTRIES, type LambdaName, lambdaEsbuildOptions, PROJECT_ROOT } from './lambda-bundling.js';
import { DEFAULT_MEMORY_MB, LAMBDA_ARCHITECTURE, type LambdaArchitecture } from './lambda-sizing.js';

/**
 * What a function may do with the table it is bound to: CDK's read or read/write grant, or
 * exactly the listed actions (for a function whose access pattern is narrow and known, e.g.
 * `['dynamodb:Scan', 'dynamodb:Query']`). `indexActions` narrows what it may do on the
 * indexes (default: the Query and Scan among `actions`).
 */
export type TableAccess =
  | 'read'
  | 'readWrite'
  | { readonly actions: readonly `dynamodb:${string}`[]; readonly indexActions?: readonly ('dynamodb:Query' | 'dynamodb:Scan')[] };

/** The CloudWatch namespace of the Powertools metrics, unless a function is given another. */
export const DEFAULT_METRICS_NAMESPACE = 'SalesPerformance';

/** What reading a table encrypted with a customer managed key takes on the key (as CDK's grantReadData). */
const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'] as const;
/** And writing (as CDK's grantWriteData, without its wildcards). */
const KEY_WRITE_ACTIONS = [
  'kms:Encrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
] as const;

/** Item reads, as CDK's grantReadData gives them (without its stream actions, which do nothing on a table). */
export const TABLE_READ_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
] as const;

/** Item writes, as CDK's grantWriteData gives them. Transactions are authorised per item action. */
export const TABLE_WRITE_ACTIONS = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] as const;

/** Table actions that write items: any of them needs the key's write actions too. */
const WRITING_ACTIONS: ReadonlySet<string> = new Set(TABLE_WRITE_ACTIONS);

/** The only actions DynamoDB allows on a secondary index. */
const INDEX_ACTIONS: ReadonlySet<string> = new Set(['dynamodb:Query', 'dynamodb:Scan']);

const ARCHITECTURES: Readonly<Record<LambdaArchitecture, lambda.Architecture>> = {
  arm64: lambda.Architecture.ARM_64,
  x86_64: lambda.Architecture.X86_64,
};

/** Powertools log levels (POWERTOOLS_LOG_LEVEL). */
export type PowertoolsLogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface NodeFunctionProps {
  /** Which handler module to deploy (see LAMBDA_ENTRIES); its export must be named `handler`. */
  readonly entry: LambdaName;
  /** Powertools service name: the `service` key of every log line and the metrics dimension. */
  readonly serviceName: string;
  /**
   * A description of the function.
   * @default - none
   */
  readonly description?: string;
  /**
   * Memory in MiB. On Lambda CPU scales with memory, so this is also the CPU budget.
   * @default DEFAULT_MEMORY_MB (512)
   */
  readonly memorySize?: number;
  /**
   * How long one invocation may run before Lambda stops it.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * Concurrent executions set aside for this function, which are also its most.
   * @default - none: it shares the account's unreserved concurrency
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Extra environment variables. They are merged over the defaults this construct sets
   * (NODE_OPTIONS, POWERTOOLS_*), so the caller wins; TABLE_NAME belongs to `bindTable`.
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when the function is removed. The stateless stack is meant
   * to be torn down and redeployed freely, so its logs go with it.
   * @default RemovalPolicy.DESTROY
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * X-Ray tracing. Off by default: the handlers carry no tracer and sampled traces cost money.
   * @default lambda.Tracing.DISABLED
   */
  readonly tracing?: lambda.Tracing;
  /**
   * Least severe Powertools log level written (POWERTOOLS_LOG_LEVEL).
   * @default 'INFO'
   */
  readonly logLevel?: PowertoolsLogLevel;
  /**
   * CloudWatch namespace of the Powertools metrics.
   * @default DEFAULT_METRICS_NAMESPACE ('SalesPerformance')
   */
  readonly metricsNamespace?: string;
  /**
   * Customer managed key the function's log group is encrypted with. Its key policy must let
   * CloudWatch Logs use it (StatefulStack does so for a key it creates).
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: kms.IKey;
}

/**
 * How a function's asset is built: esbuild's JS API, on this machine, with the options of
 * lambda-bundling.ts, into the asset directory (the entry chunk index.mjs, the chunks it
 * loads on first use, their source maps). Not NodejsFunction's bundling: that always passes
 * esbuild an `--outfile`, which code splitting cannot use. The Docker image is never run
 * (local bundling always succeeds or throws); CDK requires one to be named.
 */
export function nodeFunctionBundling(entry: LambdaName): BundlingOptions {
  return {
    image: DockerImage.fromRegistry('local-esbuild-only'),
    // Never run either, but part of CDK's asset cache key: without the entry in it, every
    // function (same source folder, same options) would get the first one's bundle.
    command: ['esbuild', LAMBDA_ENTRIES[entry]],
    local: {
      tryBundle(outputDir) {
        buildSync({ ...lambdaEsbuildOptions(entry, outputDir), logLevel: 'warning' });
        return true;
      },
    },
  };
}

/** The handler: the `handler` export of the entry chunk. */
export const NODE_FUNCTION_HANDLER = `${BUNDLE_FILE_NAME.replace(/\.mjs$/, '')}.handler`;

/**
 * A handler from functions/ as a Lambda: Node 22 on arm64 (Graviton: about 20% cheaper per
 * GB-second than x86_64, and nothing here is architecture-specific), ESM bundle, source-mapped
 * stack traces, its own log group with bounded retention, Powertools configured through the
 * environment, and a role of its own that may write to that log group and nothing else until
 * something is granted.
 */
export class NodeFunction extends lambda.Function {
  private readonly callerEnvironment: Readonly<Record<string, string>>;
  private boundTable: dynamodb.ITableV2 | undefined;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    // The log group is created before the function so it can be passed in: CDK then owns its
    // retention and removal instead of Lambda creating an unbounded one on first invocation.
    const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
      ...(props.logEncryptionKey ? { encryptionKey: props.logEncryptionKey } : {}),
    });
    // Not CDK's default role: that attaches the AWS managed AWSLambdaBasicExecutionRole, which
    // lets the function create and write any log group of the account. This one writes its own.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.serviceName} function: its log group, plus what is granted to it`,
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The log group's ARN attribute ends in `:*`, which covers its streams.
        resources: [logGroup.logGroupArn],
      }),
    );
    const callerEnvironment = props.environment ?? {};
    super(scope, id, {
      // Hashed by output, as NodejsFunction does: an unchanged bundle is an unchanged asset.
      code: lambda.Code.fromAsset(PROJECT_ROOT, { assetHashType: AssetHashType.OUTPUT, bundling: nodeFunctionBundling(props.entry) }),
      handler: NODE_FUNCTION_HANDLER,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: ARCHITECTURES[LAMBDA_ARCHITECTURE],
      description: props.description,
      memorySize: props.memorySize ?? DEFAULT_MEMORY_MB,
      timeout: props.timeout ?? Duration.seconds(10),
      ...(props.reservedConcurrentExecutions !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions } : {}),
      tracing: props.tracing ?? lambda.Tracing.DISABLED,
      logGroup,
      role,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        // Whole events carry customer data (names, amounts); never log them in deployed config.
        POWERTOOLS_LOGGER_LOG_EVENT: 'false',
        ...callerEnvironment,
      },
    });
    this.callerEnvironment = callerEnvironment;
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node 22 is pinned on purpose: the bundles are built for it (LAMBDA_TARGET node22) and the tests run on that ' +
        'major. It is a supported Lambda runtime (patched by AWS, useLatestRuntimeVersion); moving to a newer major is a ' +
        'deliberate change with its own test run, not something to drift into.',
    });
  }

  /**
   * Grants this function `access` to the table and tells it the table's name (TABLE_NAME),
   * adding to the environment rather than replacing it. A function works on one table: binding
   * a second one, or binding when the caller already set TABLE_NAME, is a wiring mistake.
   *
   * Query and Scan are also granted on each of `indexNames` by name, not on `index/*` as CDK's
   * grants do: no wildcard, and an index added later needs a deliberate grant.
   *
   * A table encrypted with a customer managed key also needs the key: its read (and, for a
   * writer, write) actions are granted on it, usable only through DynamoDB (kms:ViaService).
   *
   * @param indexNames the table's secondary indexes (default: those of TABLE_DEFINITION, the one table)
   * @param encryptionKey the table's customer managed key (default: the table's own `encryptionKey`; the
   *   stateful stack sets its key on the CloudFormation resource, so it passes the key here)
   */
  bindTable(
    table: dynamodb.ITableV2,
    access: TableAccess,
    indexNames: readonly string[] = TABLE_DEFINITION.globalSecondaryIndexes.map((index) => index.indexName),
    encryptionKey: kms.IKey | undefined = table.encryptionKey,
  ): void {
    if ('TABLE_NAME' in this.callerEnvironment) {
      throw new Error(`${this.node.path}: TABLE_NAME is set by bindTable; remove it from environment`);
    }
    if (this.boundTable !== undefined && this.boundTable !== table) {
      throw new Error(`${this.node.path}: already bound to another table`);
    }
    const actions: readonly string[] =
      access === 'read' ? TABLE_READ_ACTIONS : access === 'readWrite' ? [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS] : access.actions;
    if (actions.length === 0) throw new Error(`${this.node.path}: bindTable needs at least one action`);
    this.addToRolePolicy(new iam.PolicyStatement({ actions: [...actions], resources: [table.tableArn] }));
    if (encryptionKey) {
      const stack = Stack.of(this);
      this.addToRolePolicy(
        new iam.PolicyStatement({
          actions: [...KEY_READ_ACTIONS, ...(actions.some((action) => WRITING_ACTIONS.has(action)) ? KEY_WRITE_ACTIONS : [])],
          resources: [encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${stack.region}.${stack.urlSuffix}` } },
        }),
      );
    }
    const indexActions =
      typeof access === 'object' && access.indexActions !== undefined
        ? access.indexActions
        : actions.filter((action) => INDEX_ACTIONS.has(action));
    if (indexActions.length > 0 && indexNames.length > 0) {
      this.addToRolePolicy(
        new iam.PolicyStatement({
          actions: [...indexActions],
          resources: indexNames.map((indexName) => `${table.tableArn}/index/${indexName}`),
        }),
      );
    }
    this.boundTable = table;
    this.addEnvironment('TABLE_NAME', table.tableName);
  }
}
