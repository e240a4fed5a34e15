/**
 * The local sign-in, in place of Cognito's hosted page: it exists only in the local runtime
 * (the Lambda has no such route, and on AWS the dashboard signs in with Cognito). The
 * dashboard's sign-in page lists the active reps, and signs in as the one chosen with the
 * role chosen: the answer is an ID token from the local issuer, the very token
 * `npm run token` prints, which the local authorizer verifies like any other.
 *
 *   GET  /local/sign-in/reps            -> { reps: [{ id, name, teamId }] }   active reps, by name
 *   POST /local/sign-in {repId, role}   -> { idToken, expiresAt }
 *
 * No token is needed for either: that is the point of a sign-in, and why it is local only.
 * Errors are problem+json, as the API's are.
 */
import * as z from 'zod';
import type { RepRepository } from '#core/organisation/rep-repository.js';
import { Id } from '#core/shared/common-schemas.js';
import { ValidationError } from '#core/shared/errors.js';
import { ROLES } from '#core/shared/principal.js';
import { MalformedRequestError, MethodNotAllowedError } from '#functions/api/http-problems.js';
import { problemOf, problemResponse } from '#functions/api/problem-response.js';
import type { LocalRequest, LocalResponse, LocalRoutes } from '../http-server.js';
import { type LocalIssuer, lifetimeSeconds } from '../identity/local-issuer.js';

export const SIGN_IN_PATH = '/local/sign-in';
export const SIGN_IN_REPS_PATH = '/local/sign-in/reps';

/** A working day: a local token is not refreshed, and signing in again each hour would only be a nuisance. */
export const LOCAL_SIGN_IN_LIFETIME = '8h';

const SignInBody = z.strictObject({
  repId: Id,
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
});

export interface LocalSignInOptions {
  readonly reps: Pick<RepRepository, 'get' | 'listAll'>;
  readonly issuer: LocalIssuer;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

const JSON_HEADERS = {
  'content-type': 'application/json',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function localSignIn(options: LocalSignInOptions): LocalRoutes {
  const now = options.now ?? (() => new Date());

  async function answer(request: LocalRequest): Promise<LocalResponse> {
    if (request.rawPath === SIGN_IN_REPS_PATH) {
      if (request.method !== 'GET') throw new MethodNotAllowedError(request.method, request.rawPath, ['GET']);
      const reps = (await options.reps.listAll())
        .filter((rep) => rep.active)
        .map(({ id, name, teamId }) => ({ id, name, teamId }))
        .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id, 'en'));
      return { statusCode: 200, headers: JSON_HEADERS, body: JSON.stringify({ reps }) };
    }
    if (request.method !== 'POST') throw new MethodNotAllowedError(request.method, request.rawPath, ['POST']);
    let json: unknown;
    try {
      json = JSON.parse(request.body);
    } catch {
      throw new MalformedRequestError('body', 'is not valid JSON');
    }
    const { repId, role } = SignInBody.parse(json);
    const rep = await options.reps.get(repId);
    if (!rep?.active)
      throw new ValidationError(`rep '${repId}' does not exist or is not active`, [{ field: 'repId', message: 'is not an active rep' }]);
    const issuedAt = now();
    const idToken = await options.issuer.issueToken({ repId, role, expiresIn: LOCAL_SIGN_IN_LIFETIME, now: issuedAt });
    const expiresAt = new Date(issuedAt.getTime() - (issuedAt.getTime() % 1000) + lifetimeSeconds(LOCAL_SIGN_IN_LIFETIME) * 1000);
    return { statusCode: 200, headers: JSON_HEADERS, body: JSON.stringify({ idToken, expiresAt: expiresAt.toISOString() }) };
  }

  return async (request) => {
    if (request.rawPath !== SIGN_IN_PATH && request.rawPath !== SIGN_IN_REPS_PATH) return undefined;
    try {
      return await answer(request);
    } catch (error) {
      const result = problemResponse(problemOf(error, request.rawPath));
      return {
        statusCode: result.statusCode ?? 500,
        headers: { ...JSON_HEADERS, ...(result.headers as Record<string, string>) },
        body: result.body ?? '',
      };
    }
  };
}
