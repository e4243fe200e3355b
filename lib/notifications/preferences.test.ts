import { describe, expect, it } from "vitest";
import { minutesToTime, preferenceFieldErrors, timeToMinutes, ZPreferences } from "./preferences";

const valid = {
  emailLevel: "ALL",
  smsLevel: "IMPORTANT",
  quietHoursEnabled: true,
  quietHoursStart: "22:00",
  quietHoursEnd: "07:00",
};

function errorsFor(input: unknown) {
  const result = ZPreferences.safeParse(input);
  if (result.success) {
    return {};
  }
  return preferenceFieldErrors(result.error);
}

describe("ZPreferences", () => {
  it("accepts every level on both channels and quiet hours across midnight or within a day", () => {
    for (const level of ["ALL", "IMPORTANT", "NONE"]) {
      expect(ZPreferences.safeParse({ ...valid, emailLevel: level, smsLevel: level }).success).toBe(true);
    }
    expect(ZPreferences.safeParse({ ...valid, quietHoursStart: "00:00", quietHoursEnd: "23:59" }).success).toBe(true);
    expect(ZPreferences.safeParse({ ...valid, quietHoursStart: "13:30", quietHoursEnd: "14:00" }).success).toBe(true);
  });

  it("rejects an unknown level with the field's name", () => {
    expect(errorsFor({ ...valid, emailLevel: "SOME" })).toEqual({ emailLevel: ["level"] });
    expect(errorsFor({ ...valid, smsLevel: undefined })).toEqual({ smsLevel: ["level"] });
  });

  it("rejects malformed times when quiet hours are on", () => {
    for (const time of ["", "7:00", "24:00", "12:60", "22:00:00", "noon", "2200"]) {
      expect(errorsFor({ ...valid, quietHoursStart: time })).toEqual({ quietHoursStart: ["time"] });
    }
    expect(errorsFor({ ...valid, quietHoursStart: "x", quietHoursEnd: "y" })).toEqual({
      quietHoursStart: ["time"],
      quietHoursEnd: ["time"],
    });
  });

  it("rejects the same start and end: an empty window holds nothing", () => {
    expect(errorsFor({ ...valid, quietHoursStart: "22:00", quietHoursEnd: "22:00" })).toEqual({
      quietHoursEnd: ["sameTime"],
    });
  });

  it("ignores the times when quiet hours are off", () => {
    const off = { ...valid, quietHoursEnabled: false };
    expect(ZPreferences.safeParse({ ...off, quietHoursStart: "", quietHoursEnd: "" }).success).toBe(true);
    expect(ZPreferences.safeParse({ ...off, quietHoursStart: "22:00", quietHoursEnd: "22:00" }).success).toBe(true);
  });

  it("requires the switch to be a boolean and the times to be short strings", () => {
    expect(errorsFor({ ...valid, quietHoursEnabled: "on" })).toEqual({ quietHoursEnabled: ["enabled"] });
    expect(errorsFor({ ...valid, quietHoursStart: "1".repeat(200) })).toEqual({ quietHoursStart: ["time"] });
  });
});

describe("time conversion", () => {
  it("turns HH:MM into minutes after midnight and back", () => {
    expect(timeToMinutes("00:00")).toBe(0);
    expect(timeToMinutes("07:00")).toBe(420);
    expect(timeToMinutes("22:30")).toBe(1350);
    expect(timeToMinutes("23:59")).toBe(1439);
    expect(minutesToTime(0)).toBe("00:00");
    expect(minutesToTime(480)).toBe("08:00");
    expect(minutesToTime(1260)).toBe("21:00");
    expect(minutesToTime(1439)).toBe("23:59");
    for (let m = 0; m < 1440; m += 7) {
      expect(timeToMinutes(minutesToTime(m))).toBe(m);
    }
  });

  it("refuses to convert something that is not a time", () => {
    expect(() => timeToMinutes("25:00")).toThrow();
  });
});
