/**
 * Who is calling: the claims API Gateway's JWT authorizer verified, read once per request
 * before routing, so that no route runs for an unauthenticated caller (who learns nothing,
 * not even which paths exist). The caller's standing in the organisation (an active rep,
 * what they may see) is loaded after the request is validated: see route.ts.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Principal } from '#core/shared/principal.js';
import { UnauthenticatedError } from './http-problems.js';
import { principalOfClaims } from './principal-of-claims.js';

/** The Lambda context of an authenticated request. */
export interface AuthenticatedContext extends Context {
  principal?: Principal;
}

type JwtAuthorizerContext = { readonly jwt?: { readonly claims?: Readonly<Record<string, unknown>> } };

export function verifiedClaimsOf(event: APIGatewayProxyEventV2): Readonly<Record<string, unknown>> | undefined {
  return (event.requestContext as { readonly authorizer?: JwtAuthorizerContext } | undefined)?.authorizer?.jwt?.claims;
}

export function authentication(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, AuthenticatedContext> {
  return {
    before: async (request) => {
      const principal = principalOfClaims(verifiedClaimsOf(request.event));
      if (!principal) throw new UnauthenticatedError();
      request.context.principal = principal;
    },
  };
}

/** The principal the authentication middleware set; its absence is a wiring fault, never a pass. */
export function principalOf(context: AuthenticatedContext): Principal {
  if (!context.principal) throw new UnauthenticatedError();
  return context.principal;
}
