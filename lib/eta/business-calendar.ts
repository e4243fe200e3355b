// Bank holidays per country, computed from each country's rules (not a typed-in list):
// fixed dates, Easter-based days, "nth weekday of a month" days, and substitute days for
// holidays on a weekend where the country moves them. Years 2025–2027 are tested; the
// rules hold for other years too.

// "EU" is TARGET2, the euro settlement system SEPA runs on: closed on New Year's Day,
// Good Friday, Easter Monday, 1 May and 25/26 December (not on German national holidays
// such as 3 October, when SEPA payments still settle).
export const CALENDAR_COUNTRIES = ["DE", "GB", "US", "EU"] as const;
export type CalendarCountry = (typeof CALENDAR_COUNTRIES)[number];

const DAY = 86_400_000;

/** Easter Sunday (Gregorian; anonymous computus), as a UTC midnight. */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

const utc = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day));
const plusDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY);

/** The nth (1-based; -1 = last) given weekday (0 = Sunday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): Date {
  if (n > 0) {
    const first = utc(year, month, 1);
    const offset = (weekday - first.getUTCDay() + 7) % 7;
    return plusDays(first, offset + (n - 1) * 7);
  }
  const last = new Date(Date.UTC(year, month, 0));
  const offset = (last.getUTCDay() - weekday + 7) % 7;
  return plusDays(last, -offset);
}

/** GB: a holiday on a weekend moves to the next free weekday (Christmas and Boxing Day both can). */
function substitutedGb(days: Date[]): Date[] {
  const taken = new Set<number>();
  const result: Date[] = [];
  for (const day of days.sort((x, y) => x.getTime() - y.getTime())) {
    let observed = day;
    while (observed.getUTCDay() === 0 || observed.getUTCDay() === 6 || taken.has(observed.getTime())) {
      observed = plusDays(observed, 1);
    }
    taken.add(observed.getTime());
    result.push(observed);
  }
  return result;
}

/** US (Federal Reserve, which runs ACH): a Sunday holiday is observed Monday; on a Saturday the Fed stays open. */
function observedUs(day: Date): Date | null {
  if (day.getUTCDay() === 0) {
    return plusDays(day, 1);
  }
  return day.getUTCDay() === 6 ? null : day;
}

/** The bank holidays of one country in one year, as UTC midnights of the days banks are closed. */
export function bankHolidays(country: CalendarCountry, year: number): Date[] {
  const easter = easterSunday(year);
  switch (country) {
    case "DE":
      // Nationwide holidays (banks close on these; regional ones are left out).
      return [
        utc(year, 1, 1),
        plusDays(easter, -2), // Karfreitag
        plusDays(easter, 1), // Ostermontag
        utc(year, 5, 1),
        plusDays(easter, 39), // Christi Himmelfahrt
        plusDays(easter, 50), // Pfingstmontag
        utc(year, 10, 3),
        utc(year, 12, 25),
        utc(year, 12, 26),
      ];
    case "EU":
      return [
        utc(year, 1, 1),
        plusDays(easter, -2),
        plusDays(easter, 1),
        utc(year, 5, 1),
        utc(year, 12, 25),
        utc(year, 12, 26),
      ];
    case "GB":
      // England and Wales.
      return [
        ...substitutedGb([utc(year, 1, 1)]),
        plusDays(easter, -2),
        plusDays(easter, 1),
        nthWeekday(year, 5, 1, 1), // early May
        nthWeekday(year, 5, 1, -1), // spring
        nthWeekday(year, 8, 1, -1), // summer
        ...substitutedGb([utc(year, 12, 25), utc(year, 12, 26)]),
      ];
    case "US":
      return [
        observedUs(utc(year, 1, 1)),
        nthWeekday(year, 1, 1, 3), // Martin Luther King Jr. Day
        nthWeekday(year, 2, 1, 3), // Washington's Birthday
        nthWeekday(year, 5, 1, -1), // Memorial Day
        observedUs(utc(year, 6, 19)), // Juneteenth
        observedUs(utc(year, 7, 4)),
        nthWeekday(year, 9, 1, 1), // Labor Day
        nthWeekday(year, 10, 1, 2), // Columbus Day
        observedUs(utc(year, 11, 11)), // Veterans Day
        nthWeekday(year, 11, 4, 4), // Thanksgiving
        observedUs(utc(year, 12, 25)),
      ].filter((d): d is Date => d !== null);
  }
}

const cache = new Map<string, Set<number>>();

/** Whether banks in `country` are closed on the UTC day of `at` (weekends included). */
export function isClosed(country: CalendarCountry | null, at: Date): boolean {
  const weekday = at.getUTCDay();
  if (weekday === 0 || weekday === 6) {
    return true;
  }
  if (!country) {
    return false;
  }
  const year = at.getUTCFullYear();
  const key = `${country}|${year}`;
  let days = cache.get(key);
  if (!days) {
    days = new Set(bankHolidays(country, year).map((d) => d.getTime()));
    cache.set(key, days);
  }
  return days.has(Date.UTC(year, at.getUTCMonth(), at.getUTCDate()));
}
