/** Formats integer minor units of an ISO 4217 currency, e.g. 125000 EUR → "€1,250.00" / "1.250,00 €". */
export function formatMoney(amountMinor: number, currency: string, intlLocale: string): string {
  const formatter = new Intl.NumberFormat(intlLocale, { style: "currency", currency });
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(amountMinor / 10 ** digits);
}
