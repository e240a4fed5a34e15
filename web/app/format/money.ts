/**
 * Money as the engine holds it: integer minor units (cents) of one currency. Turned into a
 * decimal string without passing through a binary float, so 12,345,678,901,234.56 prints
 * exactly (Intl.NumberFormat formats decimal strings exactly).
 */

const fractionDigitsByCurrency = new Map<string, number>();

/** Digits after the decimal point of an ISO 4217 currency, as Intl knows it: GBP 2, JPY 0, BHD 3. */
export function currencyFractionDigits(currency: string): number {
  let digits = fractionDigitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    fractionDigitsByCurrency.set(currency, digits);
  }
  return digits;
}

/**
 * Minor units as a plain decimal in major units: 123456 with 2 digits is "1234.56",
 * -5 is "-0.05", 1234 with 0 digits is "1234". The amount must be a safe integer.
 */
export function minorToDecimal(minor: number, fractionDigits: number): `${number}` {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`money must be whole minor units, not ${minor}`);
  const digits = Math.abs(minor)
    .toString()
    .padStart(fractionDigits + 1, '0');
  const sign = minor < 0 ? '-' : '';
  const decimal = fractionDigits === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -fractionDigits)}.${digits.slice(-fractionDigits)}`;
  return decimal as `${number}`;
}
