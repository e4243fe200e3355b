import { describe, expect, it } from "vitest";
import { formatDateParts, formatShort, isValidTimeZone, timeZoneLabel } from "./dates";
import { formatMoney } from "./money";

describe("formatMoney", () => {
  it("formats minor units in the customer's language", () => {
    expect(formatMoney(125_000, "EUR", "en-GB")).toBe("€1,250.00");
    expect(formatMoney(125_000, "EUR", "de-DE")).toBe("1.250,00\u00a0€");
  });

  it("respects currencies without minor units", () => {
    expect(formatMoney(5000, "JPY", "en-GB")).toBe("JP¥5,000");
  });
});

describe("dates", () => {
  const at = new Date("2026-11-24T16:00:00Z");

  it("shows the ETA in the customer's time zone", () => {
    expect(formatDateParts(at, "en-GB", "Europe/Berlin")).toEqual({ date: "Tuesday 24 November", time: "17:00" });
    expect(formatDateParts(at, "de-DE", "Europe/Berlin")).toEqual({ date: "Dienstag, 24. November", time: "17:00" });
    expect(formatDateParts(at, "en-GB", "America/New_York")).toEqual({ date: "Tuesday 24 November", time: "11:00" });
  });

  it("crosses midnight with the time zone", () => {
    expect(formatDateParts(new Date("2026-11-24T23:30:00Z"), "en-GB", "Europe/Berlin").date).toBe(
      "Wednesday 25 November",
    );
  });

  it("has a short form and a readable zone", () => {
    expect(formatShort(at, "en-GB", "Europe/London")).toBe("Tue 24 Nov, 16:00");
    expect(timeZoneLabel("Europe/Berlin", "en-GB", at)).toBe("Central European Time");
    expect(timeZoneLabel("Europe/Berlin", "de-DE", at)).toBe("Mitteleuropäische Zeit");
    expect(isValidTimeZone("Europe/Berlin")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
});
