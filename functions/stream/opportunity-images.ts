import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { Opportunity } from '../../core/schemas/opportunity.js';
import { OPPORTUNITY_SORT_KEY } from '../store/table-definition.js';

/** A stream record whose image is not a valid opportunity: retrying cannot fix it. */
export class PoisonRecordError extends Error {
  override readonly name = 'PoisonRecordError';
}

/** Guards in code what the event source filter already guarantees on AWS: only opportunity items. */
export function isOpportunityRecord(record: DynamoDBRecord): boolean {
  return record.dynamodb?.Keys?.sk?.S === OPPORTUNITY_SORT_KEY;
}

/** The old and new images of an opportunity record, validated. */
export function opportunityImagesOf(record: DynamoDBRecord): { before: Opportunity | undefined; after: Opportunity | undefined } {
  const before = imageOf(record.dynamodb?.OldImage, 'OldImage');
  const after = imageOf(record.dynamodb?.NewImage, 'NewImage');
  if (!before && !after) throw new PoisonRecordError('record carries no image (is the stream view NEW_AND_OLD_IMAGES?)');
  return { before, after };
}

function imageOf(image: Record<string, unknown> | undefined, which: string): Opportunity | undefined {
  if (!image) return undefined;
  const parsed = Opportunity.safeParse(unmarshall(image as Record<string, AttributeValue>));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new PoisonRecordError(`${which} is not a valid opportunity: ${issues}`);
  }
  return parsed.data;
}
