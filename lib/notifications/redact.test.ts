import { describe, expect, it } from "vitest";
import { maskDestination, redact } from "./redact";

describe("redact", () => {
  it("hides email addresses and phone numbers in log lines", () => {
    const line = redact("SMTP 550: <ada.lovelace@example.com> rejected; SMS to +4915112345678 failed");
    expect(line).not.toContain("ada.lovelace");
    expect(line).not.toContain("15112345");
    expect(line).toContain("a***@example.com");
    expect(line).toContain("SMTP 550");
  });

  it("leaves references and status codes alone", () => {
    expect(redact("notification PT-7K3M9Q2X: Twilio 429 (20429)")).toBe("notification PT-7K3M9Q2X: Twilio 429 (20429)");
  });
});

describe("maskDestination", () => {
  it("keeps enough to recognise, not enough to reuse", () => {
    expect(maskDestination("ada@example.com")).toBe("a•••@example.com");
    expect(maskDestination("+4915112345678")).toBe("+49 ••• 78");
  });
});
