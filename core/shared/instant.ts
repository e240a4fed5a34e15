import { invalidField } from './errors.js';

/**
 * Instants in core take one form per role, never a `Date | string` union:
 *
 * - Data: an instant stored in a record, used as a stored key, or returned in a result is
 *   ISO-8601 UTC text with a Z (`Instant` in common-schemas.ts), kept as written.
 * - Arguments: an instant passed into core (a use case's now, asOf, at, from/to, firedAt,
 *   the snapshot instants to take) and the times core's helpers compute are a `Date`, the
 *   type of `Clock.now()`. Adapters parse request text once, at the edge.
 *
 * Inside core, a record field becomes a `Date` through `instantOf`, and a `Date` becomes
 * stored text (a key to match, a field to return) through `instantText`, once each.
 * Repositories take instants as stored text: they match them against stored keys.
 */

/** UTC with a Z, as stored; `Date.parse` would read a zone-less instant as local time. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

/** The instant stored (or written in a request) as ISO-8601 UTC text with a Z; anything else is refused. */
export function instantOf(text: string): Date {
  const time = INSTANT.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(time)) throw invalidField('instant', 'must be a UTC instant such as 2026-02-01T00:00:00.000Z');
  return new Date(time);
}

/** Milliseconds since the epoch of an instant; an invalid `Date` is refused. */
export function epochMillisOf(instant: Date): number {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw invalidField('instant', 'must be a valid date');
  return time;
}

/** The stored text of an instant: ISO-8601 UTC with milliseconds, as `toISOString` writes it. */
export function instantText(instant: Date): string {
  return new Date(epochMillisOf(instant)).toISOString();
}
