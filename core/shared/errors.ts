/**
 * Domain errors. They know nothing of HTTP: the API boundary maps them to
 * RFC 9457 problem responses by `instanceof`.
 */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';
}

/** One offending field of a rejected input, as a JSON-pointer-like dotted path. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
  constructor(
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
  }
}

/**
 * A ValidationError about one field. The detail names the field only where the message
 * needs it ("createdAt must not be in the future"); a message that says what is wrong
 * by itself ("stage 'x' is not in the stage configuration") is the detail as it is.
 */
export function invalidField(field: string, message: string): ValidationError {
  return new ValidationError(/^(must|is|are|should)\b/.test(message) ? `${field} ${message}` : message, [{ field, message }]);
}

export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
}

/** A write that lost a race or contradicts stored state (stale version, stage in use). */
export class ConflictError extends DomainError {
  override readonly name: string = 'ConflictError';
  constructor(
    message: string,
    /** The input at fault where there is one (the If-Match header of a stale version). */
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
  }
}

/** A conflict with the If-Match precondition: the client's version is not the stored one. */
export function preconditionFailed(message: string): ConflictError {
  return new ConflictError(message, [{ field: 'if-match', message }]);
}

/**
 * The answer depends on writes not fully processed yet (the stream is still recording
 * their history); the same request succeeds a few seconds later.
 */
export class RetryLaterError extends DomainError {
  override readonly name = 'RetryLaterError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The caller is known but may not do this; used where saying so reveals nothing (else NotFoundError). */
export class ForbiddenError extends DomainError {
  override readonly name = 'ForbiddenError';
}

/**
 * A stored record that no longer passes its schema (written before a rule existed, or
 * around the API), asked for by itself. Readers of many records skip and report such a
 * record instead; asked for alone it is a conflict the client resolves by replacing or
 * deleting it. `record` holds its fields as stored, only their types checked.
 */
export class InvalidStoredRecordError<T> extends ConflictError {
  constructor(
    message: string,
    readonly record: T,
    readonly reason: string,
  ) {
    super(message);
  }
}
