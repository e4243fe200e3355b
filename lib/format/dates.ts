/** A moment as the customer reads it, in their time zone: "Tuesday 24 November" and "17:00". */
export function formatDateParts(date: Date, intlLocale: string, timeZone: string): { date: string; time: string } {
  return {
    date: new Intl.DateTimeFormat(intlLocale, { weekday: "long", day: "numeric", month: "long", timeZone }).format(
      date,
    ),
    time: new Intl.DateTimeFormat(intlLocale, {
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone,
    }).format(date),
  };
}

/** Short form for lists: "Tue 24 Nov, 17:00". */
export function formatShort(date: Date, intlLocale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(date);
}

/** A readable time zone name, "Europe/Berlin" → "Berlin time (CET)". */
export function timeZoneLabel(timeZone: string, intlLocale: string, at: Date): string {
  const short = new Intl.DateTimeFormat(intlLocale, { timeZone, timeZoneName: "short" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  const city = timeZone.split("/").pop()?.replaceAll("_", " ") ?? timeZone;
  return short ? `${city} (${short})` : city;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}
