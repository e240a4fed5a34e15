import * as z from 'zod';
import { Id, singleLineText } from '../shared/common-schemas.js';

/** The seed company is British: money in pounds, written the British way, until set. */
export const DEFAULT_CURRENCY = 'GBP';
export const DEFAULT_LOCALE = 'en-GB';

const CURRENCY_MESSAGE = 'must be an ISO 4217 currency code such as GBP, EUR or USD';
// The codes Intl can format (Node 20 and every current browser have the list), so a client can always write the amounts.
const KNOWN_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** The company's currency, in which every amount's minor units are counted. */
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, { message: CURRENCY_MESSAGE, abort: true })
  .refine((code) => KNOWN_CURRENCIES.has(code), CURRENCY_MESSAGE)
  .meta({ description: 'ISO 4217 code: what every amount is counted in (minor units)', example: 'GBP' });

function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** How figures are written (digit grouping, decimal mark, month names), canonicalised: `en-gb` is stored as `en-GB`. */
export const Locale = z
  .string()
  .max(64, { message: 'must be at most 64 characters', abort: true })
  .refine(isLocale, { message: 'must be a BCP 47 language tag such as en-GB or de-DE', abort: true })
  .overwrite((tag) => Intl.getCanonicalLocales(tag)[0] as string)
  .meta({ description: 'BCP 47 language tag, canonicalised', example: 'en-GB' });

/** One place leads come from: an id leads and deals refer to, and the name reports show. */
export const LeadSource = z.strictObject({ id: Id, name: singleLineText(100) });
export type LeadSource = z.infer<typeof LeadSource>;

/** The sources a company starts with, until sales operations names its own. */
export const DEFAULT_LEAD_SOURCES: readonly LeadSource[] = [
  { id: 'web', name: 'Website' },
  { id: 'referral', name: 'Referral' },
  { id: 'partner', name: 'Partner' },
  { id: 'event', name: 'Event' },
  { id: 'advertising', name: 'Advertising' },
  { id: 'outbound', name: 'Outbound' },
  { id: 'other', name: 'Other' },
];

const LeadSources = z
  .array(LeadSource)
  .min(1)
  .max(100)
  .superRefine((sources, ctx) => {
    const seen = new Set<string>();
    sources.forEach((source, index) => {
      if (seen.has(source.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate lead source id '${source.id}'` });
      seen.add(source.id);
    });
  });

/** Company-wide settings that shape reporting periods and how figures are written. */
export const SettingsInput = z.strictObject({
  /** The month a fiscal year starts: 1 = January (calendar quarters), 4 = April, ... */
  fiscalYearStartMonth: z
    .number()
    .int('must be a month number 1-12')
    .min(1, 'must be a month number 1-12')
    .max(12, 'must be a month number 1-12'),
  /** What managers may change in the teams they manage; both off unless sales operations allows it. */
  managers: z
    .strictObject({
      editDeals: z.boolean().default(false),
      editTargets: z.boolean().default(false),
    })
    .prefault({}),
  currency: Currency.default(DEFAULT_CURRENCY),
  locale: Locale.default(DEFAULT_LOCALE),
  /** Where leads come from; a lead's `source` and a deal's `leadSource` name one of these ids. */
  leadSources: LeadSources.default(() => [...DEFAULT_LEAD_SOURCES]),
});
export type SettingsInput = z.infer<typeof SettingsInput>;

/** Company-wide settings that shape reporting periods and how figures are written. */
export interface Settings {
  /** 1 = January (calendar quarters), 4 = April, ... */
  readonly fiscalYearStartMonth: number;
  /** What managers may change in the teams they manage, beyond reading them. */
  readonly managers: { readonly editDeals: boolean; readonly editTargets: boolean };
  /** ISO 4217: what every amount is counted in. */
  readonly currency: string;
  /** BCP 47, canonical: how a client writes figures. */
  readonly locale: string;
  /** Where leads come from: the ids leads and deals refer to. */
  readonly leadSources: readonly LeadSource[];
}

/** Managers read their teams but change nothing until sales operations allows it. */
export const DEFAULT_SETTINGS: Settings = {
  fiscalYearStartMonth: 1,
  managers: { editDeals: false, editTargets: false },
  currency: DEFAULT_CURRENCY,
  locale: DEFAULT_LOCALE,
  leadSources: DEFAULT_LEAD_SOURCES,
};

/** The settings as stored; version 0 stands for the defaults, never written. */
export interface VersionedSettings extends Settings {
  readonly version: number;
}
