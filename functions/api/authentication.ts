/**
 * Who is calling: the claims API Gateway's JWT authorizer verified, turned into the core's
 * access context (the caller's active rep, their role, what they may see) once per request,
 * before routing, so that no route runs without it.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { AccessContext } from '../../core/access-policy.js';
import { accessContextFor, type AccessContextPorts } from '../../core/use-cases/access-context.js';
import { UnauthenticatedError } from './http-problems.js';
import { principalOfClaims } from './principal-of-claims.js';

/** The Lambda context of an authenticated request. */
export interface AuthenticatedContext extends Context {
  access?: AccessContext;
}

type JwtAuthorizerContext = { readonly jwt?: { readonly claims?: Readonly<Record<string, unknown>> } };

export function verifiedClaimsOf(event: APIGatewayProxyEventV2): Readonly<Record<string, unknown>> | undefined {
  return (event.requestContext as { readonly authorizer?: JwtAuthorizerContext } | undefined)?.authorizer?.jwt?.claims;
}

export function authentication(ports: AccessContextPorts): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, AuthenticatedContext> {
  return {
    before: async (request) => {
      const principal = principalOfClaims(verifiedClaimsOf(request.event));
      if (!principal) throw new UnauthenticatedError();
      request.context.access = await accessContextFor(ports, principal);
    },
  };
}

/** The access context the authentication middleware set; its absence is a wiring fault, never a pass. */
export function accessOf(context: AuthenticatedContext): AccessContext {
  if (!context.access) throw new UnauthenticatedError();
  return context.access;
}
