import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SettingsInput } from '#core/organisation/settings.js';

const fieldsOf = (input: unknown) => SettingsInput.safeParse(input).error?.issues.map((issue) => issue.path.join('.'));

describe('the currency and locale of the settings', () => {
  it('default to pounds written the British way, for settings sent without them', () => {
    expect(SettingsInput.parse({ fiscalYearStartMonth: 4 })).toEqual({ ...DEFAULT_SETTINGS, fiscalYearStartMonth: 4 });
    expect(DEFAULT_SETTINGS).toMatchObject({ currency: 'GBP', locale: 'en-GB' });
  });

  it('take an ISO 4217 code Intl can format, and refuse anything else on currency', () => {
    for (const currency of ['EUR', 'USD', 'JPY', 'CHF'])
      expect(SettingsInput.parse({ fiscalYearStartMonth: 1, currency }).currency).toBe(currency);
    for (const currency of ['gbp', 'GB', 'EURO', 'ABC', 'XYZ', '', 826])
      expect(fieldsOf({ fiscalYearStartMonth: 1, currency }), String(currency)).toEqual(['currency']);
  });

  it('take a BCP 47 tag, stored canonical, and refuse anything else on locale', () => {
    const localeOf = (locale: string) => SettingsInput.parse({ fiscalYearStartMonth: 1, locale }).locale;
    expect([localeOf('en-gb'), localeOf('DE-de'), localeOf('zh-hant-tw'), localeOf('fr')]).toEqual(['en-GB', 'de-DE', 'zh-Hant-TW', 'fr']);
    for (const locale of ['en_GB', '', 'en-GB-', '12', 'x'.repeat(65), 44])
      expect(fieldsOf({ fiscalYearStartMonth: 1, locale }), String(locale)).toEqual(['locale']);
  });
});
