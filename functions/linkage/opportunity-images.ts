import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { LenientOpportunity, Opportunity } from '#core/opportunities/opportunity.js';
import { OPPORTUNITY_SORT_KEY } from '../store/table-definition.js';

/** A stream record whose image is not a valid opportunity: retrying cannot fix it. */
export class PoisonRecordError extends Error {
  override readonly name = 'PoisonRecordError';
}

/** Guards in code what the event source filter already guarantees on AWS: only opportunity items. */
export function isOpportunityRecord(record: DynamoDBRecord): boolean {
  return record.dynamodb?.Keys?.sk?.S === OPPORTUNITY_SORT_KEY;
}

/**
 * The old and new images of an opportunity record, validated. An invalid deal (stored before
 * a rule existed) is never linked: a new image that is invalid and live is poison. But the
 * PUT or DELETE that mends it must be followed, so an invalid old image, or the deleted
 * new image of a deletion, is read leniently (its shape only) and named in `lenient`.
 */
export function opportunityImagesOf(record: DynamoDBRecord): {
  before: Opportunity | undefined;
  after: Opportunity | undefined;
  lenient: readonly string[];
} {
  const lenient: string[] = [];
  const before = imageOf(record.dynamodb?.OldImage, 'OldImage', () => true, lenient);
  const after = imageOf(record.dynamodb?.NewImage, 'NewImage', (image) => image.deleted, lenient);
  if (!before && !after) throw new PoisonRecordError('record carries no image (is the stream view NEW_AND_OLD_IMAGES?)');
  return { before, after, lenient };
}

function imageOf(
  image: Record<string, unknown> | undefined,
  which: string,
  lenientWhen: (image: Opportunity) => boolean,
  lenient: string[],
): Opportunity | undefined {
  if (!image) return undefined;
  const attributes = unmarshall(image as Record<string, AttributeValue>);
  const parsed = Opportunity.safeParse(attributes);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
  const shape = LenientOpportunity.safeParse(attributes);
  if (shape.success && lenientWhen(shape.data)) {
    lenient.push(`${which} is not a valid opportunity (${issues}); read leniently`);
    return shape.data;
  }
  throw new PoisonRecordError(`${which} is not a valid opportunity: ${issues}`);
}
