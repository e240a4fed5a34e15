import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/**
 * The log group and role of a CDK-provided handler (a custom resource, a bucket deployment),
 * as NodeFunction gives its functions: a month of logs, and a role that writes only to that
 * log group (the default role would carry the AWS managed AWSLambdaBasicExecutionRole).
 * Callers add the handler's own permissions to the role.
 */
export function handlerLogRole(
  scope: Construct,
  props: { readonly description: string; readonly encryptionKey?: kms.IKey | undefined },
): { readonly logGroup: logs.LogGroup; readonly role: iam.Role } {
  const logGroup = new logs.LogGroup(scope, 'LogGroup', {
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
    ...(props.encryptionKey ? { encryptionKey: props.encryptionKey } : {}),
  });
  const role = new iam.Role(scope, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: props.description });
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
  );
  return { logGroup, role };
}
