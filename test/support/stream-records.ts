import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import { keys } from '#functions/store/keys.js';

let sequence = 1_000_000;

type Image = Record<string, AttributeValue>;

function imageOf(opportunity: Opportunity): Image {
  return marshall({ ...keys.opportunity(opportunity.id), ...opportunity }, { removeUndefinedValues: true }) as Image;
}

/**
 * A DynamoDB stream record of an opportunity item, as Lambda delivers it: INSERT without an
 * old image, REMOVE without a new one.
 */
export function opportunityStreamRecord(before: Opportunity | undefined, after: Opportunity | undefined): DynamoDBRecord {
  const subject = after ?? before;
  if (!subject) throw new Error('a record needs an image');
  const eventName = !before ? 'INSERT' : !after ? 'REMOVE' : 'MODIFY';
  sequence += 1;
  return {
    eventID: `event-${sequence}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'local',
    eventSourceARN: 'arn:aws:dynamodb:local:000000000000:table/test/stream/2026-01-01T00:00:00.000',
    dynamodb: {
      Keys: marshall(keys.opportunity(subject.id)) as never,
      ...(before ? { OldImage: imageOf(before) as never } : {}),
      ...(after ? { NewImage: imageOf(after) as never } : {}),
      SequenceNumber: String(sequence).padStart(21, '0'),
      SizeBytes: 512,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}
