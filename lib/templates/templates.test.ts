import { describe, expect, it } from "vitest";
import { checkTemplate, fillTemplate, LONGEST_VALUES, TEMPLATE_TOPICS } from "./templates";

describe("template texts", () => {
  it("accepts the known placeholders and fills them", () => {
    expect(checkTemplate("Hi {first_name}, {amount} by {eta}: {tracking_url}")).toEqual([]);
    expect(
      fillTemplate("Hi {first_name}, {amount}!", { ...LONGEST_VALUES.en, first_name: "Dana", amount: "€5.00" }),
    ).toBe("Hi Dana, €5.00!");
  });

  it("names every unknown placeholder once and lists the allowed ones", () => {
    const problems = checkTemplate("Hallo {vorname} {vorname} {Amount}");
    expect(problems.map((p) => p.code)).toEqual(["UNKNOWN_PLACEHOLDER", "UNKNOWN_PLACEHOLDER"]);
    expect(problems[0]?.message).toBe(
      "Unknown placeholder {vorname}. Allowed: {first_name}, {amount}, {eta}, {reason}, {action}, {tracking_url}, {reference}.",
    );
    expect(problems[1]?.message).toContain("{Amount}");
  });

  it("refuses stray braces, an empty text and a text over 1,000 characters", () => {
    expect(checkTemplate("Hi {first_name").map((p) => p.code)).toEqual(["BROKEN_BRACE"]);
    expect(checkTemplate("a } b").map((p) => p.code)).toEqual(["BROKEN_BRACE"]);
    expect(checkTemplate("  ").map((p) => p.code)).toEqual(["EMPTY"]);
    expect(checkTemplate("x".repeat(1001)).map((p) => p.code)).toEqual(["TOO_LONG"]);
  });

  it("covers every stage and every reason (and GENERIC)", () => {
    expect(TEMPLATE_TOPICS).toContain("PROCESSING");
    expect(TEMPLATE_TOPICS).toContain("reason:BANK_HOLIDAY");
    expect(TEMPLATE_TOPICS).toContain("reason:GENERIC");
    expect(TEMPLATE_TOPICS).toHaveLength(12 + 12);
  });
});
