import { preconditionFailed } from './errors.js';

/** An If-Match precondition: a version number, or '*' (the record must exist). */
export type VersionPrecondition = number | '*';

/**
 * The If-Match check of a record versioned from 0 (never written): a number must be the
 * stored version, '*' needs a version written.
 */
export function checkVersionPrecondition(what: string, version: number, precondition: VersionPrecondition | undefined): void {
  if (precondition === undefined) return;
  if (precondition === '*') {
    if (version === 0) throw preconditionFailed(`${what} were never written (If-Match: *)`);
    return;
  }
  if (version !== precondition)
    throw preconditionFailed(`${what} are at version ${version}, not ${precondition}; read them again and retry`);
}

/** A record as read or written, with the version its ETag names (0: never written, no ETag). */
export interface Versioned<T> {
  readonly record: T;
  readonly version: number;
}
