import { TZDate } from "@date-fns/tz";
import { type CalendarCountry, isClosed } from "./business-calendar";

/**
 * Where time passes for a stage: the hours in which its work is done, in the zone where it
 * is done. A review stage advances only in the operations team's working hours; a bank stage
 * on the rail's banking days; an automatic step around the clock (`null`).
 */
export interface WorkingCalendar {
  /** IANA zone the hours are read in */
  zone: string;
  /** open weekdays, 0 = Sunday … 6 = Saturday */
  days: readonly number[];
  /** open from / until, minutes after local midnight (end > start) */
  startMinute: number;
  endMinute: number;
  /** a bank-holiday calendar whose closing days are skipped */
  holidays?: CalendarCountry | null;
}

/** Around the clock: every hour counts. */
export type Calendar = WorkingCalendar | null;

const HOUR = 3_600_000;
/** Walking more than ten years of calendar is a bug (a calendar with no open day). */
const MAX_DAYS = 3_660;

/** The open interval [start, end) of the local day y-m-d, or null when closed that day. */
function openOn(cal: WorkingCalendar, y: number, m: number, d: number): [number, number] | null {
  const noon = new TZDate(y, m, d, 12, 0, 0, cal.zone);
  if (!cal.days.includes(noon.getDay())) {
    return null;
  }
  if (cal.holidays && isClosed(cal.holidays, new Date(Date.UTC(y, m, d, 12)))) {
    return null;
  }
  const start = new TZDate(y, m, d, Math.floor(cal.startMinute / 60), cal.startMinute % 60, 0, cal.zone);
  const end = new TZDate(y, m, d, Math.floor(cal.endMinute / 60), cal.endMinute % 60, 0, cal.zone);
  return [start.getTime(), end.getTime()];
}

/** Open intervals from the local day of `from` on, in order. */
function* openIntervals(cal: WorkingCalendar, from: number): Generator<[number, number]> {
  const local = new TZDate(from, cal.zone);
  const [y, m, d] = [local.getFullYear(), local.getMonth(), local.getDate()];
  for (let i = 0; i < MAX_DAYS; i++) {
    const open = openOn(cal, y, m, d + i);
    if (open) {
      yield open;
    }
  }
  throw new Error(`The working calendar in ${cal.zone} has no open hours.`);
}

/** `start` plus `hours` of working time: the moment that much work is done. */
export function addWorkingHours(cal: Calendar, start: Date, hours: number): Date {
  if (cal === null) {
    return new Date(start.getTime() + hours * HOUR);
  }
  let remaining = Math.max(0, hours) * HOUR;
  let cursor = start.getTime();
  if (remaining === 0) {
    return nextOpen(cal, start);
  }
  for (const [open, close] of openIntervals(cal, cursor)) {
    if (close <= cursor) {
      continue;
    }
    cursor = Math.max(cursor, open);
    const step = Math.min(remaining, close - cursor);
    cursor += step;
    remaining -= step;
    if (remaining <= 0) {
      return new Date(cursor);
    }
  }
  return new Date(cursor);
}

/** The first open moment at or after `at` (itself when open). */
export function nextOpen(cal: Calendar, at: Date): Date {
  if (cal === null) {
    return at;
  }
  for (const [open, close] of openIntervals(cal, at.getTime())) {
    if (close > at.getTime()) {
      return new Date(Math.max(open, at.getTime()));
    }
  }
  return at;
}

/** Working hours between two instants (0 when `to` is not after `from`). */
export function workingHoursBetween(cal: Calendar, from: Date, to: Date): number {
  const end = to.getTime();
  if (end <= from.getTime()) {
    return 0;
  }
  if (cal === null) {
    return (end - from.getTime()) / HOUR;
  }
  let total = 0;
  for (const [open, close] of openIntervals(cal, from.getTime())) {
    if (open >= end) {
      break;
    }
    total += Math.max(0, Math.min(close, end) - Math.max(open, from.getTime()));
  }
  return total / HOUR;
}
