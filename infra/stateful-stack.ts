import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { TABLE_DEFINITION } from '#functions/store/table-definition.js';
import { type DashboardSignIn, type JwtTrust, UserDirectory } from './user-directory.js';

export interface StatefulStackProps extends StackProps {
  /**
   * What CloudFormation does with the table and the failure queue when they leave the
   * stack. The table holds every rep, deal, target and commission plan: keep it.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * DynamoDB deletion protection: a delete (console, CLI or CloudFormation) fails until it
   * is turned off.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * An identity provider that already exists (another Cognito pool, an OIDC provider): the
   * API trusts its tokens and no user pool is created here. Its tokens must carry the claims
   * the API reads: `custom:repId` and `cognito:groups` (see README, Deploying).
   * @default - a Cognito user pool and app client are created (UserDirectory)
   */
  readonly trustedIssuer?: JwtTrust;
  /**
   * With an existing issuer: which of its audiences is the dashboard's client, and where its
   * sign-in pages are when not at the issuer's origin.
   * @default - the first audience; the issuer's origin
   */
  readonly trustedIssuerSignIn?: { readonly clientId?: string; readonly domainUrl?: string };
  /**
   * Prefix of the user pool's Cognito domain (the hosted sign-in pages).
   * @default - derived from the stack name (UserDirectory)
   */
  readonly cognitoDomainPrefix?: string;
  /**
   * A customer managed KMS key for the table (and, through `encryptionKey`, the stateless
   * stack's log groups): `'new'` creates one here, rotated yearly and retained with the data;
   * a key ARN uses an existing key, whose policy must already let CloudWatch Logs use it for
   * this account's log groups (README, Deploying). With a customer managed key, access to the
   * data can be audited (CloudTrail) and revoked by disabling the key.
   * @default - AWS owned keys: DynamoDB's default encryption, CloudWatch Logs' own
   */
  readonly encryptionKey?: 'new' | { readonly keyArn: string };
}

/**
 * Everything that holds data: the table, the stream's failure queue and the users (unless an
 * existing issuer is trusted instead). Kept apart from the
 * functions and the API (stateless-stack.ts) so those can be destroyed and redeployed freely
 * while this stack changes rarely and never loses data.
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.TableV2;
  /** Stream records that failed every retry, and poison records the stream handler reports. */
  readonly streamFailureQueue: sqs.Queue;
  /** The Cognito user pool and app client; absent when an existing issuer is trusted. */
  readonly userDirectory: UserDirectory | undefined;
  /** The issuer and audience the API's authorizer accepts. */
  readonly jwtTrust: JwtTrust;
  /** How the dashboard signs people in: this pool's hosted pages, or the existing issuer. */
  readonly dashboardSignIn: DashboardSignIn;
  /** The customer managed key of the table, for the log groups too; absent with AWS owned keys. */
  readonly encryptionKey: kms.IKey | undefined;

  constructor(scope: Construct, id: string, props: StatefulStackProps = {}) {
    super(scope, id, props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.encryptionKey = this.customerManagedKey(props.encryptionKey, removalPolicy);

    // Built from TABLE_DEFINITION, the same definition DynamoDB Local and the tests use.
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: TABLE_DEFINITION.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_DEFINITION.sortKey, type: dynamodb.AttributeType.STRING },
      globalSecondaryIndexes: TABLE_DEFINITION.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        // Per index: see TABLE_DEFINITION for why each projects what it does.
        projectionType: dynamodb.ProjectionType[index.projection],
      })),
      dynamoStream: dynamodb.StreamViewType[TABLE_DEFINITION.streamViewType],
      timeToLiveAttribute: TABLE_DEFINITION.timeToLiveAttribute,
      // Sales-ops traffic is spiky (month end, imports) and small the rest of the time.
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy,
    });

    if (this.encryptionKey) {
      // TableEncryptionV2.customerManagedKey refuses a region-agnostic stack (it renders per
      // replica region), so the key goes on the CloudFormation resource: one replica, here.
      const cfnTable = this.table.node.defaultChild as dynamodb.CfnGlobalTable;
      cfnTable.addPropertyOverride('SSESpecification', { SSEEnabled: true, SSEType: 'KMS' });
      cfnTable.addPropertyOverride('Replicas.0.SSESpecification', { KMSMasterKeyId: this.encryptionKey.keyArn });
    }

    this.streamFailureQueue = new sqs.Queue(this, 'StreamFailureQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      // The longest SQS allows: someone has to look at, fix and replay each message.
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      removalPolicy,
    });
    Validations.of(this.streamFailureQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: the on-failure destination of the stream event source mapping (stateless ' +
        'stack) and where the stream handler sends poison records. SQS3 recognises only queue redrive policies and Lambda ' +
        'DeadLetterConfig as DLQ use; a dead-letter queue behind it would only move messages that need a person to inspect them.',
    });

    if (props.trustedIssuer) {
      this.userDirectory = undefined;
      this.jwtTrust = props.trustedIssuer;
      const signIn = props.trustedIssuerSignIn ?? {};
      this.dashboardSignIn = {
        kind: 'oidc',
        issuer: props.trustedIssuer.issuer,
        clientId: signIn.clientId ?? (props.trustedIssuer.audience[0] as string),
        ...(signIn.domainUrl ? { domainUrl: signIn.domainUrl } : {}),
      };
    } else {
      this.userDirectory = new UserDirectory(this, 'UserDirectory', {
        removalPolicy,
        ...(props.deletionProtection !== undefined ? { deletionProtection: props.deletionProtection } : {}),
        ...(props.cognitoDomainPrefix ? { domainPrefix: props.cognitoDomainPrefix } : {}),
      });
      this.jwtTrust = this.userDirectory.jwtTrust;
      this.dashboardSignIn = {
        kind: 'cognito',
        userPool: this.userDirectory.userPool,
        issuer: this.userDirectory.jwtTrust.issuer,
        domainUrl: this.userDirectory.domainUrl,
      };
      new CfnOutput(this, 'UserPoolId', {
        value: this.userDirectory.userPool.userPoolId,
        description: 'Cognito user pool: create users here (custom:repId, groups admin/manager)',
      });
      new CfnOutput(this, 'UserPoolClientId', {
        value: this.userDirectory.client.userPoolClientId,
        description: 'App client for scripts to sign in with (SRP); an audience of the ID tokens the API accepts',
      });
      new CfnOutput(this, 'UserPoolDomainUrl', {
        value: this.userDirectory.domainUrl,
        description: "The pool's Cognito domain: the hosted sign-in pages the dashboard sends people to",
      });
      new CfnOutput(this, 'UserPoolIssuer', {
        value: this.userDirectory.jwtTrust.issuer,
        description: 'Issuer (iss) of the user pool tokens, trusted by the API',
      });
    }

    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: 'The DynamoDB table (TABLE_NAME of every function)',
    });
    new CfnOutput(this, 'StreamFailureQueueUrl', {
      value: this.streamFailureQueue.queueUrl,
      description: 'Stream records to inspect and replay: exhausted retries and poison records',
    });
    if (this.encryptionKey) {
      new CfnOutput(this, 'EncryptionKeyArn', {
        value: this.encryptionKey.keyArn,
        description: 'Customer managed KMS key of the table and the log groups',
      });
    }
  }

  private customerManagedKey(choice: StatefulStackProps['encryptionKey'], removalPolicy: RemovalPolicy): kms.IKey | undefined {
    if (choice === undefined) return undefined;
    if (choice !== 'new') return kms.Key.fromKeyArn(this, 'EncryptionKey', choice.keyArn);
    const key = new kms.Key(this, 'EncryptionKey', {
      description: `${this.stackName}: the sales performance table and the log groups of its functions and API`,
      enableKeyRotation: true,
      // The table (and its point-in-time backups) cannot be read without it: kept with the data.
      removalPolicy,
    });
    // CloudWatch Logs encrypts a log group with the key it names, calling KMS as the logs
    // service principal; only for log groups of this account and region (the stateless
    // stack's names are generated, so they cannot be listed here without a cycle).
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsOfThisAccount',
        principals: [new iam.ServicePrincipal(`logs.${this.region}.${this.urlSuffix}`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*` },
        },
      }),
    );
    return key;
  }
}
