import type { MiddlewareObj } from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { MalformedRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from './http-problems.js';

/** Far above any legitimate request (a year of targets, 100 product lines) and far below API Gateway's 10 MB. */
export const MAX_BODY_BYTES = 256 * 1024;

const JSON_MEDIA_TYPE = /^application\/(.+\+)?json($|;.+)/;

/**
 * Reads the JSON body of a body-carrying route, in the order a client can act on: size
 * (413), media type (415), then syntax (400). @middy/http-json-body-parser does the
 * parsing; it reports both a wrong media type and malformed JSON as 415, so the media type
 * is checked first here and anything the parser still rejects is malformed JSON.
 */
export function jsonRequestBody(maxBodyBytes = MAX_BODY_BYTES): MiddlewareObj<APIGatewayProxyEventV2> {
  const parser = httpJsonBodyParser<APIGatewayProxyEventV2>();
  return {
    before: async (request) => {
      const { body, isBase64Encoded, headers } = request.event;
      if (body !== undefined && Buffer.byteLength(body, isBase64Encoded ? 'base64' : 'utf8') > maxBodyBytes)
        throw new PayloadTooLargeError(maxBodyBytes);
      const contentType = headers?.['content-type'];
      if (contentType === undefined || !JSON_MEDIA_TYPE.test(contentType)) throw new UnsupportedMediaTypeError(contentType);
      if (body === undefined || body === '') throw new MalformedRequestError('body', 'is required: a JSON document');
      try {
        await parser.before?.(request);
      } catch {
        throw new MalformedRequestError('body', 'is not well-formed JSON');
      }
    },
  };
}
