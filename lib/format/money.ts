const formatters = new Map<string, Intl.NumberFormat>();

/** Formats integer minor units of an ISO 4217 currency, e.g. 125000 EUR → "€1,250.00" / "1.250,00 €". */
export function formatMoney(amountMinor: number, currency: string, intlLocale: string): string {
  const key = `${intlLocale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(intlLocale, { style: "currency", currency });
    formatters.set(key, formatter);
  }
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(amountMinor / 10 ** digits);
}
