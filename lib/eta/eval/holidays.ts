import { addDays, isoDay, type LocalDay, weekdayOf } from "./calendar";

// Closing days of the rails the generator walks, from their published rules (independent of
// lib/eta/business-calendar.ts on purpose: see calendar.ts).

/** Easter Sunday (Gregorian, Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDay {
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
  return { year, month, day };
}

/** TARGET2 (SEPA) closing days: New Year, Good Friday, Easter Monday, 1 May, 25 and 26 December. */
export function target2Holidays(year: number): Set<string> {
  const easter = easterSunday(year);
  return new Set(
    [
      { year, month: 1, day: 1 },
      addDays(easter, -2),
      addDays(easter, 1),
      { year, month: 5, day: 1 },
      { year, month: 12, day: 25 },
      { year, month: 12, day: 26 },
    ].map(isoDay),
  );
}

/** The nth (1-based; -1 = last) weekday (0 = Sunday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): LocalDay {
  if (n > 0) {
    const first = { year, month, day: 1 };
    return addDays(first, ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7);
  }
  const last = { year, month, day: new Date(Date.UTC(year, month, 0)).getUTCDate() };
  return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
}

/**
 * Federal Reserve holidays (ACH does not settle): a holiday on a Sunday is observed on the
 * Monday; on a Saturday the Fed stays open the Friday before (nothing is moved).
 */
export function fedHolidays(year: number): Set<string> {
  const fixed = (month: number, day: number): LocalDay | null => {
    const date = { year, month, day };
    const weekday = weekdayOf(date);
    return weekday === 0 ? addDays(date, 1) : weekday === 6 ? null : date;
  };
  return new Set(
    [
      fixed(1, 1),
      nthWeekday(year, 1, 1, 3), // Martin Luther King Jr. Day
      nthWeekday(year, 2, 1, 3), // Washington's Birthday
      nthWeekday(year, 5, 1, -1), // Memorial Day
      fixed(6, 19), // Juneteenth
      fixed(7, 4),
      nthWeekday(year, 9, 1, 1), // Labor Day
      nthWeekday(year, 10, 1, 2), // Columbus Day
      fixed(11, 11), // Veterans Day
      nthWeekday(year, 11, 4, 4), // Thanksgiving
      fixed(12, 25),
    ]
      .filter((d): d is LocalDay => d !== null)
      .map(isoDay),
  );
}

/** A "closed on these days" test with a per-year cache. */
export function holidayTest(rule: (year: number) => Set<string>): (day: LocalDay) => boolean {
  const cache = new Map<number, Set<string>>();
  return (day) => {
    let days = cache.get(day.year);
    if (!days) {
      days = rule(day.year);
      cache.set(day.year, days);
    }
    return days.has(isoDay(day));
  };
}
