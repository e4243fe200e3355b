import { describe, expect, it } from "vitest";
import { findLeaks } from "./leaks";
import { redactLogText } from "./redact-log";

describe("findLeaks", () => {
  const people = ["ada.lovelace@example.com", "+4915112345678", "grace@example.org"];

  it("finds an address or number that appears whole, case-insensitively and without the +", () => {
    const log = '{"msg":"sent to Ada.Lovelace@Example.com"}\n{"msg":"sms 4915112345678 queued"}\n';
    expect(findLeaks(log, people)).toEqual(["+49•••••••••78", "a***@example.com"]);
  });

  it("finds nothing in lines that went through the log redaction", () => {
    const log = people.map((p) => redactLogText(`delivered to ${p}`)).join("\n");
    expect(findLeaks(log, people)).toEqual([]);
  });
});
