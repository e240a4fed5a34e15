import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DEFINITION } from '#functions/store/table-definition.js';
import { type SynthesizedApp, synthesizeApp } from './synthesized-app.js';

describe('stateful stack', () => {
  let app: SynthesizedApp;
  beforeAll(() => {
    app = synthesizeApp();
  });

  describe('table', () => {
    it('has string keys pk/sk from the table definition', () => {
      app.statefulTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ]),
      });
    });

    it('has the GSIs of the table definition, with string keys and their projections', () => {
      const table = Object.values(app.statefulTemplate.findResources('AWS::DynamoDB::GlobalTable'))[0];

      expect(table?.Properties.GlobalSecondaryIndexes).toEqual([
        {
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: 'gsi2',
          KeySchema: [
            { AttributeName: 'gsi2pk', KeyType: 'HASH' },
            { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: 'gsi3',
          KeySchema: [
            { AttributeName: 'gsi3pk', KeyType: 'HASH' },
            { AttributeName: 'gsi3sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ]);
      expect(table?.Properties.AttributeDefinitions).toEqual(
        expect.arrayContaining(
          ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        ),
      );
      expect(table?.Properties.GlobalSecondaryIndexes).toHaveLength(TABLE_DEFINITION.globalSecondaryIndexes.length);
    });

    it('streams new and old images and expires items by expiresAt', () => {
      app.statefulTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      });
    });

    it('bills on demand, with point-in-time recovery and deletion protection', () => {
      app.statefulTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        BillingMode: 'PAY_PER_REQUEST',
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
          }),
        ],
      });
    });

    it('is retained when removed from the stack or replaced', () => {
      app.statefulTemplate.hasResource('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    });

    it('has no hard-coded name, so several copies can share an account', () => {
      app.statefulTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        TableName: Match.absent(),
      });
    });
  });

  describe('stream failure queue', () => {
    it('is encrypted, keeps messages 14 days and is retained', () => {
      app.statefulTemplate.hasResource('AWS::SQS::Queue', {
        Properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 60 * 60 },
        DeletionPolicy: 'Retain',
      });
    });

    it('refuses requests without TLS', () => {
      app.statefulTemplate.hasResourceProperties('AWS::SQS::QueuePolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });
  });

  it('outputs the table name and the failure queue URL', () => {
    app.statefulTemplate.hasOutput('TableName', {});
    app.statefulTemplate.hasOutput('StreamFailureQueueUrl', {});
  });

  it('is environment-agnostic and named from context defaults', () => {
    expect(app.stateful.stackName).toBe('SalesPerformanceStateful');
    expect(app.stateful.environment).toBe('aws://unknown-account/unknown-region');
  });
});
