import { TZDate } from "@date-fns/tz";

// Working-time arithmetic for the evaluation's generative model (lib/eta/eval/generate.ts).
// Deliberately its own code, not lib/eta's: the generator is the "truth" the product's ETA
// model is measured against, so it must not share the product's calendar (or its bugs).
// Which days banks close is a published fact, not a model: those come from the product's
// rules (lib/eta/business-calendar.ts, tested against the published dates), through
// RAIL_CALENDARS in ./model.ts.

/** A calendar day in some zone; month 1–12. */
export interface LocalDay {
  year: number;
  month: number;
  day: number;
}

/** Where and when work happens: a zone, its working days, and the hours worked on them. */
export interface WorkCalendar {
  name: string;
  zone: string;
  /** the working window of an open day, in minutes after local midnight; null = the whole day */
  hours: { from: number; to: number } | null;
  /** whether work happens on this local day at all (weekends, holidays) */
  isOpenDay(day: LocalDay): boolean;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** A walk longer than this many days means a calendar that never opens: a bug, not a result. */
const MAX_DAYS = 3_660;

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: LocalDay): number {
  return new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
}

export function addDays(day: LocalDay, days: number): LocalDay {
  const d = new Date(Date.UTC(day.year, day.month - 1, day.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function isoDay(day: LocalDay): string {
  return `${day.year}-${String(day.month).padStart(2, "0")}-${String(day.day).padStart(2, "0")}`;
}

/** The local day and the minutes after local midnight of an instant in a zone. */
export function localTime(at: number, zone: string): LocalDay & { minute: number; weekday: number } {
  const local = new TZDate(at, zone);
  return {
    year: local.getFullYear(),
    month: local.getMonth() + 1,
    day: local.getDate(),
    minute: local.getHours() * 60 + local.getMinutes() + local.getSeconds() / 60 + local.getMilliseconds() / MINUTE,
    weekday: local.getDay(),
  };
}

/** The instant of a local wall time (minutes after midnight, 0–1440) on a local day. */
export function zonedInstant(day: LocalDay, minute: number, zone: string): number {
  if (minute >= 1440) {
    return zonedInstant(addDays(day, 1), minute - 1440, zone);
  }
  const whole = Math.floor(minute);
  const ms = Math.round((minute - whole) * MINUTE);
  return new TZDate(day.year, day.month - 1, day.day, Math.floor(whole / 60), whole % 60, 0, zone).getTime() + ms;
}

/** The working interval [start, end) of a local day, as instants; null when the day is closed. */
export function workingWindow(calendar: WorkCalendar, day: LocalDay): [number, number] | null {
  if (!calendar.isOpenDay(day)) {
    return null;
  }
  const from = calendar.hours?.from ?? 0;
  const to = calendar.hours?.to ?? 1440;
  return [zonedInstant(day, from, calendar.zone), zonedInstant(day, to, calendar.zone)];
}

/** `hours` of working time after `start` (skipping closed days and hours). Zero hours: `start` itself. */
export function addWorkingHours(calendar: WorkCalendar, start: Date, hours: number): Date {
  let remaining = hours * HOUR;
  const from = start.getTime();
  if (remaining <= 0) {
    return start;
  }
  // Start a day early: a window of the previous local day can reach past local midnight only
  // for windows ending at 24:00, which begin the next day anyway; one day back is cheap safety.
  let day = addDays(localTime(from, calendar.zone), -1);
  for (let i = 0; i < MAX_DAYS; i++, day = addDays(day, 1)) {
    const window = workingWindow(calendar, day);
    if (!window || window[1] <= from) {
      continue;
    }
    const begin = Math.max(window[0], from);
    const available = window[1] - begin;
    if (remaining <= available) {
      return new Date(begin + remaining);
    }
    remaining -= available;
  }
  throw new Error(`${calendar.name}: no working time within ${MAX_DAYS} days of ${start.toISOString()}`);
}

/** The first working instant at or after `at`. */
export function nextWorkingInstant(calendar: WorkCalendar, at: Date): Date {
  let day = addDays(localTime(at.getTime(), calendar.zone), -1);
  for (let i = 0; i < MAX_DAYS; i++, day = addDays(day, 1)) {
    const window = workingWindow(calendar, day);
    if (window && window[1] > at.getTime()) {
      return new Date(Math.max(window[0], at.getTime()));
    }
  }
  throw new Error(`${calendar.name}: no working time within ${MAX_DAYS} days of ${at.toISOString()}`);
}

/** Working hours from `from` to `to`; negative when `to` is earlier. */
export function workingHoursBetween(calendar: WorkCalendar, from: Date, to: Date): number {
  if (to < from) {
    return -workingHoursBetween(calendar, to, from);
  }
  const start = from.getTime();
  const end = to.getTime();
  let total = 0;
  let day = addDays(localTime(start, calendar.zone), -1);
  for (let i = 0; i < MAX_DAYS; i++, day = addDays(day, 1)) {
    const window = workingWindow(calendar, day);
    if (window) {
      if (window[0] >= end) {
        break;
      }
      total += Math.max(0, Math.min(window[1], end) - Math.max(window[0], start));
    } else if (zonedInstant(day, 0, calendar.zone) >= end) {
      break;
    }
  }
  return total / HOUR;
}
