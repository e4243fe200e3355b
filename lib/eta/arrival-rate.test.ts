import { describe, expect, it } from "vitest";
import { arrivalTenths } from "./arrival-rate";

const rate = (arrived: number, completed: number) => ({ arrived, completed, share: arrived / completed });

describe("how many in 10 a customer is told", () => {
  it("rounds down to whole tenths, never up", () => {
    expect(arrivalTenths(rate(93, 100))).toBe(9);
    expect(arrivalTenths(rate(899, 1000))).toBe(8);
    expect(arrivalTenths(rate(80, 100))).toBe(8);
  });

  it("says nothing below 7 in 10", () => {
    expect(arrivalTenths(rate(70, 100))).toBe(7);
    expect(arrivalTenths(rate(699, 1000))).toBeNull();
    expect(arrivalTenths(rate(0, 100))).toBeNull();
  });

  it("never claims 10 in 10", () => {
    expect(arrivalTenths(rate(100, 100))).toBe(9);
    expect(arrivalTenths(rate(999, 1000))).toBe(9);
  });

  it("says nothing without a rate (fewer than 100 completed)", () => {
    expect(arrivalTenths(null)).toBeNull();
  });
});
