import { ValidationError } from './errors.js';

/** A request for one page of a list: an opaque cursor from the previous page, and a size. */
export interface PageRequest {
  readonly cursor?: string | undefined;
  readonly limit: number;
}

/** One page of a list; `nextCursor` is null on the last page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/**
 * A cursor that was not issued by the list it is sent to (tampered, truncated or from
 * another list). The request is malformed rather than semantically wrong, so the API
 * reports it as a 400 naming `cursor`.
 */
export class InvalidCursorError extends ValidationError {
  constructor() {
    super('cursor is not one returned by a previous page of this list', [
      { field: 'cursor', message: 'must be a cursor returned by a previous page of this list' },
    ]);
  }
}
