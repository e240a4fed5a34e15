import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#core/shared/errors.js';
import { epochMillisOf, instantOf, instantText } from '#core/shared/instant.js';

describe('instants', () => {
  it('reads stored text as UTC, with or without seconds and milliseconds', () => {
    expect(instantOf('2026-02-01T10:00:00.000Z').getTime()).toBe(Date.UTC(2026, 1, 1, 10));
    expect(instantOf('2026-02-01T10:00:00Z').getTime()).toBe(Date.UTC(2026, 1, 1, 10));
    expect(instantOf('2026-02-01T10:00Z').getTime()).toBe(Date.UTC(2026, 1, 1, 10));
  });

  it('refuses text that is not UTC with a Z: a zone-less instant would be read as local time', () => {
    expect(() => instantOf('2026-02-01T00:00:00')).toThrow(ValidationError);
    expect(() => instantOf('2026-02-01T00:30:00+01:00')).toThrow(ValidationError);
    expect(() => instantOf('yesterday')).toThrow(ValidationError);
    expect(() => instantOf('2026-02-02')).toThrow(ValidationError);
  });

  it('writes the stored text with milliseconds, as toISOString', () => {
    expect(instantText(instantOf('2026-02-01T10:00Z'))).toBe('2026-02-01T10:00:00.000Z');
    expect(instantText(new Date(Date.UTC(2026, 1, 1, 10, 0, 0, 7)))).toBe('2026-02-01T10:00:00.007Z');
  });

  it('refuses an invalid date', () => {
    expect(() => epochMillisOf(new Date('invalid'))).toThrow(ValidationError);
    expect(() => instantText(new Date('invalid'))).toThrow(ValidationError);
  });

  it('round-trips: the text of an instant reads back as the same instant (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01T00:00:00.000Z'), max: new Date('2199-12-31T23:59:59.999Z'), noInvalidDate: true }),
        (date) => {
          expect(instantOf(instantText(date)).getTime()).toBe(date.getTime());
          expect(instantText(date)).toBe(date.toISOString());
        },
      ),
    );
  });
});
