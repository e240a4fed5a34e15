import type { AttributeValue as SdkAttributeValue, _Record as SdkStreamRecord } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';

/**
 * Turns a record as the Streams SDK returns it into the record Lambda hands a function.
 * The SDK gives binary values as Uint8Array and the creation time as a Date; Lambda's
 * JSON has base64 strings and epoch seconds. DynamoDB Local's records carry no
 * eventSourceARN, so the stream ARN the poller reads is used, as Lambda does.
 */
export function toLambdaRecord(record: SdkStreamRecord, streamArn: string): DynamoDBRecord {
  const stream = record.dynamodb ?? {};
  const lambdaRecord: DynamoDBRecord = {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: stream.ApproximateCreationDateTime && Math.floor(stream.ApproximateCreationDateTime.getTime() / 1000),
      Keys: toLambdaImage(stream.Keys),
      NewImage: toLambdaImage(stream.NewImage),
      OldImage: toLambdaImage(stream.OldImage),
      SequenceNumber: stream.SequenceNumber,
      SizeBytes: stream.SizeBytes,
      StreamViewType: stream.StreamViewType,
    },
  };
  // TTL deletions are marked by the service principal; Lambda passes that on.
  if (record.userIdentity) lambdaRecord.userIdentity = { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId };
  return withoutUndefined(lambdaRecord);
}

function toLambdaImage(image: Record<string, SdkAttributeValue> | undefined): Record<string, AttributeValue> | undefined {
  if (!image) return undefined;
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaValue(value)]));
}

function toLambdaValue(value: SdkAttributeValue): AttributeValue {
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) ?? {} };
  if (value.N !== undefined) return { N: value.N };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.S !== undefined) return { S: value.S };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  throw new Error(`unknown attribute value type: ${Object.keys(value).join(', ')}`);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** Lambda's JSON has no keys with undefined values; tests compare records with toEqual. */
function withoutUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
