import { describe, expect, it } from "vitest";
import { bankHolidays, easterSunday, isClosed } from "./business-calendar";

const days = (dates: Date[]) => dates.map((d) => d.toISOString().slice(0, 10)).sort();

describe("easterSunday", () => {
  it("matches the published dates", () => {
    expect(days([easterSunday(2025), easterSunday(2026), easterSunday(2027)])).toEqual([
      "2025-04-20",
      "2026-04-05",
      "2027-03-28",
    ]);
  });
});

describe("bankHolidays", () => {
  it("Germany 2026: the nationwide holidays, Easter- and Pentecost-based ones included", () => {
    expect(days(bankHolidays("DE", 2026))).toEqual([
      "2026-01-01",
      "2026-04-03",
      "2026-04-06",
      "2026-05-01",
      "2026-05-14",
      "2026-05-25",
      "2026-10-03",
      "2026-12-25",
      "2026-12-26",
    ]);
  });

  it("TARGET2 (SEPA) 2026: Germany's days without Ascension, Whit Monday and 3 October", () => {
    const germanOnly = ["2026-05-14", "2026-05-25", "2026-10-03"];
    expect(days(bankHolidays("EU", 2026))).toEqual(
      days(bankHolidays("DE", 2026)).filter((day) => !germanOnly.includes(day)),
    );
  });

  it("England and Wales 2026 and 2027, with weekend Christmas and Boxing Day moved to weekdays", () => {
    expect(days(bankHolidays("GB", 2026))).toEqual([
      "2026-01-01",
      "2026-04-03",
      "2026-04-06",
      "2026-05-04",
      "2026-05-25",
      "2026-08-31",
      "2026-12-25",
      "2026-12-28",
    ]);
    expect(days(bankHolidays("GB", 2027)).slice(-2)).toEqual(["2027-12-27", "2027-12-28"]);
    expect(days(bankHolidays("GB", 2025))).toContain("2025-08-25");
  });

  it("US Federal Reserve 2025–2027: Sunday holidays observed Monday, Saturday ones not at all", () => {
    expect(days(bankHolidays("US", 2025))).toEqual([
      "2025-01-01",
      "2025-01-20",
      "2025-02-17",
      "2025-05-26",
      "2025-06-19",
      "2025-07-04",
      "2025-09-01",
      "2025-10-13",
      "2025-11-11",
      "2025-11-27",
      "2025-12-25",
    ]);
    const y2026 = days(bankHolidays("US", 2026));
    expect(y2026).toContain("2026-11-26"); // Thanksgiving
    expect(y2026).not.toContain("2026-07-03"); // 4 July on a Saturday: open on Friday
    const y2027 = days(bankHolidays("US", 2027));
    expect(y2027).toContain("2027-07-05"); // 4 July on a Sunday: closed Monday
    expect(y2027).not.toContain("2027-12-24");
    expect(days(bankHolidays("US", 2022))).toContain("2022-12-26"); // Christmas on a Sunday
  });
});

describe("isClosed", () => {
  it("knows weekends everywhere and holidays per country", () => {
    expect(isClosed(null, new Date("2026-11-28T12:00:00Z"))).toBe(true); // Saturday
    expect(isClosed("US", new Date("2026-11-26T15:00:00Z"))).toBe(true); // Thanksgiving
    expect(isClosed("DE", new Date("2026-11-26T15:00:00Z"))).toBe(false);
    expect(isClosed("DE", new Date("2026-12-25T08:00:00Z"))).toBe(true);
    expect(isClosed(null, new Date("2026-12-25T08:00:00Z"))).toBe(false);
  });
});
