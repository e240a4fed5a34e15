import * as z from 'zod';

/** Client-chosen identifiers: short, URL-safe, no key separators ('#'). */
export const Id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be 1-64 characters of A-Z a-z 0-9 _ . : - and start with a letter or digit');
export type Id = z.infer<typeof Id>;

/** A calendar month, YYYY-MM. */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');
export type Month = z.infer<typeof Month>;

/** A calendar date, YYYY-MM-DD, that exists. */
export const CalendarDate = z.iso.date({ message: 'must be a calendar date YYYY-MM-DD' });
export type CalendarDate = z.infer<typeof CalendarDate>;

/** An instant in UTC ISO-8601 with a Z suffix. */
export const Instant = z.iso.datetime({ message: 'must be a UTC instant such as 2026-02-01T00:00:00.000Z' });
export type Instant = z.infer<typeof Instant>;

/** Largest amount accepted: 100 billion in major units, far inside 2^53 minor units. */
export const MAX_AMOUNT_MINOR = 10_000_000_000_000;

/** Money in integer minor units (cents); never a binary fraction. */
export const AmountMinor = z
  .number()
  .int('must be an integer amount in minor units (cents)')
  .nonnegative('must not be negative')
  .max(MAX_AMOUNT_MINOR, `must be at most ${MAX_AMOUNT_MINOR} minor units`);
export type AmountMinor = z.infer<typeof AmountMinor>;

/** Integer percent 0-100. */
export const Probability = z.number().int('must be an integer percent').min(0, 'must be 0-100').max(100, 'must be 0-100');

export const ProductFamily = z.string().trim().min(1).max(64).regex(/^[^#|]+$/, "must not contain '#' or '|'");
export type ProductFamily = z.infer<typeof ProductFamily>;

/** Opaque pagination cursor returned by list endpoints. */
export const Cursor = z.string().max(2048).regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by a previous page');

export const PageLimit = z.coerce.number().int().min(1).max(200).default(50);
