import { TZDate } from "@date-fns/tz";
import type { Rng } from "./random";
import { HOUR, MINUTE } from "./timeline";

// When people act in the seeded past: customers while awake in their own time zone, the
// support team in its working hours.

/** The support team's zone and hours: weekdays 07:00–22:00, weekends 09:00–17:00. */
const SUPPORT_ZONE = "Europe/Berlin";
const SUPPORT_HOURS: Record<number, [number, number]> = {
  0: [9, 17],
  1: [7, 22],
  2: [7, 22],
  3: [7, 22],
  4: [7, 22],
  5: [7, 22],
  6: [9, 17],
};

export function localHour(at: Date, timeZone: string): number {
  const local = new TZDate(at.getTime(), timeZone);
  return local.getHours() + local.getMinutes() / 60;
}

/** `at` plus `hours` of the support team's working time: a question asked at night waits for the morning. */
export function addSupportHours(at: Date, hours: number): Date {
  let t = at.getTime();
  let left = hours * HOUR;
  for (let days = 0; days < 60; days++) {
    const local = new TZDate(t, SUPPORT_ZONE);
    const [y, m, d] = [local.getFullYear(), local.getMonth(), local.getDate()];
    const [openHour, closeHour] = SUPPORT_HOURS[local.getDay()] ?? [0, 0];
    const start = Math.max(t, new TZDate(y, m, d, openHour, 0, SUPPORT_ZONE).getTime());
    const close = new TZDate(y, m, d, closeHour, 0, SUPPORT_ZONE).getTime();
    if (start + left <= close) {
      return new Date(start + left);
    }
    left -= Math.max(0, close - start);
    t = new TZDate(y, m, d + 1, 0, 0, SUPPORT_ZONE).getTime();
  }
  return new Date(t);
}

/** A moment at or after `at` when the customer is awake (07:00–23:00 their time), a little later than asked. */
export function whenAwake(rng: Rng, at: Date, timeZone: string): Date {
  const hour = localHour(at, timeZone);
  if (hour >= 7 && hour < 23) {
    return at;
  }
  const untilSeven = hour >= 23 ? 24 - hour + 7 : 7 - hour;
  return new Date(at.getTime() + untilSeven * HOUR + rng.int(5, 150) * MINUTE);
}
