import * as z from 'zod';

/**
 * Characters that make stored text lie about itself or break what displays it: control
 * characters (C0, DEL, C1), bidirectional embeddings, overrides and isolates (U+202E shows
 * "exe.txt" as "txt.exe"), noncharacters, and surrogates that pair with nothing.
 * Multi-line text may hold tabs and line breaks.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|\p{Cs}/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose
const UNSAFE_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|\p{Cs}/u;
const UNSAFE_MESSAGE = 'must not contain control characters, bidirectional overrides or unpaired surrogates';
/** Anything but separators, white space and invisible format characters (zero-width space, joiners). */
const VISIBLE = /[^\p{Z}\p{Cf}\s]/u;

/** A name or label shown in lists and charts: one line, trimmed, with something visible in it. */
export function singleLineText(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((text) => !UNSAFE_IN_LINE.test(text), { message: UNSAFE_MESSAGE, abort: true })
    .refine((text) => VISIBLE.test(text), { message: 'must contain a visible character' });
}

/** Optional one-line text (a campaign, a lead source): may be empty, never unsafe. */
export function optionalLineText(max: number) {
  return z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((text) => !UNSAFE_IN_LINE.test(text), { message: UNSAFE_MESSAGE });
}

/** Free text (a close plan, a rationale): line breaks and tabs allowed, nothing unsafe. */
export function multiLineText(max: number) {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((text) => !UNSAFE_IN_TEXT.test(text), { message: UNSAFE_MESSAGE });
}

/** Client-chosen identifiers: short, URL-safe, no key separators ('#'). */
export const Id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be 1-64 characters of A-Z a-z 0-9 _ . : - and start with a letter or digit');
export type Id = z.infer<typeof Id>;

/**
 * The years a business date may fall in. Outside them date arithmetic stops being plain:
 * JavaScript maps years 0-99 to 1900-1999, and a month after 9999-12 has no YYYY-MM.
 */
export const FIRST_YEAR = 1970;
export const LAST_YEAR = 2199;
export const YEARS_MESSAGE = `must be in the years ${FIRST_YEAR}-${LAST_YEAR}`;
/** Whether an ISO date, month or instant (its first four characters are the year) is in the supported years. */
export function inSupportedYears(text: string): boolean {
  const year = Number(text.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

/** A calendar month, YYYY-MM. */
export const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM')
  .refine(inSupportedYears, { message: YEARS_MESSAGE, abort: true });
export type Month = z.infer<typeof Month>;

/** A calendar date, YYYY-MM-DD, that exists. */
export const CalendarDate = z.iso
  .date({ message: 'must be a calendar date YYYY-MM-DD' })
  .refine(inSupportedYears, { message: YEARS_MESSAGE, abort: true });
export type CalendarDate = z.infer<typeof CalendarDate>;

/** An instant in UTC ISO-8601 with a Z suffix. */
export const Instant = z.iso
  .datetime({ message: 'must be a UTC instant such as 2026-02-01T00:00:00.000Z' })
  .refine(inSupportedYears, { message: YEARS_MESSAGE, abort: true });
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

export const ProductFamily = singleLineText(64).regex(/^[^#|]+$/, "must not contain '#' or '|'");
export type ProductFamily = z.infer<typeof ProductFamily>;

/** Opaque pagination cursor returned by list endpoints. */
export const Cursor = z
  .string()
  .max(2048)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by a previous page');

export const PageLimit = z.coerce.number().int().min(1).max(200).default(50);
