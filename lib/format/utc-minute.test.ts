import { describe, expect, it } from "vitest";
import { ZUtcMinute } from "./utc-minute";

describe("ZUtcMinute", () => {
  it("reads a form's UTC minute as that instant", () => {
    expect(ZUtcMinute().parse("2026-11-25T17:00")).toEqual(new Date("2026-11-25T17:00:00Z"));
  });

  it("says what is wrong, naming the field when it has a label", () => {
    expect(ZUtcMinute().safeParse("tomorrow").error?.issues[0]?.message).toBe("Enter a date and time (UTC).");
    expect(ZUtcMinute("Start").safeParse("2026-13-45T17:00").error?.issues[0]?.message).toBe(
      "Start: enter a real date and time (UTC).",
    );
  });
});
