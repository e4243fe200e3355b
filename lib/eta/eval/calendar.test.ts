import { describe, expect, it } from "vitest";
import { addWorkingHours, nextWorkingInstant, workingHoursBetween, zonedInstant } from "./calendar";
import { OPERATIONS, RAIL_CALENDARS } from "./model";

const at = (iso: string) => new Date(iso);

describe("operations calendar (Mon–Fri 08:00–18:00 Berlin)", () => {
  it("carries work left on Friday evening over the weekend to Monday morning", () => {
    // Friday 6 March 2026, 17:00 Berlin (16:00 UTC): one hour left on Friday, two on Monday.
    expect(addWorkingHours(OPERATIONS, at("2026-03-06T16:00:00Z"), 3)).toEqual(at("2026-03-09T09:00:00Z"));
    expect(workingHoursBetween(OPERATIONS, at("2026-03-06T16:00:00Z"), at("2026-03-09T09:00:00Z"))).toBeCloseTo(3);
  });

  it("starts work that arrives at night at 08:00 local", () => {
    expect(nextWorkingInstant(OPERATIONS, at("2026-03-10T02:00:00Z"))).toEqual(at("2026-03-10T07:00:00Z"));
    expect(addWorkingHours(OPERATIONS, at("2026-03-10T02:00:00Z"), 0.5)).toEqual(at("2026-03-10T07:30:00Z"));
  });

  it("follows Berlin's switch to summer time (29 March 2026): 08:00 is 07:00 UTC before, 06:00 UTC after", () => {
    // Friday 27 March 17:00 CET = 16:00 UTC; + 2 h = Monday 30 March 09:00 CEST = 07:00 UTC.
    expect(addWorkingHours(OPERATIONS, at("2026-03-27T16:00:00Z"), 2)).toEqual(at("2026-03-30T07:00:00Z"));
  });

  it("counts negative hours when the end comes first", () => {
    expect(workingHoursBetween(OPERATIONS, at("2026-03-09T09:00:00Z"), at("2026-03-06T16:00:00Z"))).toBeCloseTo(-3);
  });
});

describe("rail calendars (whole banking days)", () => {
  it("SEPA skips the weekend and TARGET2's Good Friday and Easter Monday", () => {
    // Thursday 2 April 2026 22:00 Berlin (20:00 UTC): 2 h left that day, then closed until Tuesday 7 April.
    const start = at("2026-04-02T20:00:00Z");
    const end = addWorkingHours(RAIL_CALENDARS.SEPA, start, 5);
    expect(end).toEqual(new Date(zonedInstant({ year: 2026, month: 4, day: 7 }, 3 * 60, "Europe/Berlin")));
    expect(workingHoursBetween(RAIL_CALENDARS.SEPA, start, end)).toBeCloseTo(5);
  });

  it("ACH skips Federal Reserve holidays in New York time", () => {
    // Friday 16 January 2026 23:00 New York; Monday 19 January is MLK day: resumes Tuesday 00:00.
    const start = at("2026-01-17T04:00:00Z");
    expect(addWorkingHours(RAIL_CALENDARS.ACH, start, 2)).toEqual(at("2026-01-20T06:00:00Z"));
  });

  it("counts a week across the switch to summer time in local days (SEPA) and in real hours (around the clock)", () => {
    const sepa = RAIL_CALENDARS.SEPA;
    // Berlin's week from Monday 23 March to Monday 30 March 2026 lasts 167 h: Sunday 29 March has 23.
    const monday = new Date(zonedInstant({ year: 2026, month: 3, day: 23 }, 0, "Europe/Berlin"));
    const nextMonday = new Date(zonedInstant({ year: 2026, month: 3, day: 30 }, 0, "Europe/Berlin"));
    expect(workingHoursBetween(sepa, monday, nextMonday)).toBeCloseTo(5 * 24);
    const around = RAIL_CALENDARS.WALLET;
    expect(workingHoursBetween(around, monday, nextMonday)).toBeCloseTo(7 * 24 - 1);
  });

  it("returns the start for zero hours", () => {
    const start = at("2026-03-07T12:00:00Z"); // a Saturday
    expect(addWorkingHours(RAIL_CALENDARS.SEPA, start, 0)).toEqual(start);
  });
});
