import { describe, expect, it } from "vitest";
import de from "../../messages/de.json";
import en from "../../messages/en.json";
import { AUDIT_ACTIONS } from "../audit/log";
import { PAYOUT_METHODS } from "../eta/durations";
import { REASON_CODES, STAGES } from "../payouts/stages";
import { INQUIRY_CATEGORIES, INQUIRY_STATUSES } from "../support/inquiries";
import {
  auditActionLabel,
  countLabel,
  humanizeCode,
  inquiryCategoryLabel,
  inquiryStatusLabel,
  labelled,
  methodLabel,
  nameCodes,
  notificationStatusLabel,
  reasonLabel,
  stageLabel,
  topicLabel,
} from "./admin-labels";

const RAW_CODE = /\b[A-Z]+_[A-Z_]+\b/;

describe("admin console labels", () => {
  it("name every stage, method, reason, audit action and question category in words", () => {
    const all = [
      ...STAGES.map(stageLabel),
      ...PAYOUT_METHODS.map(methodLabel),
      ...REASON_CODES.map(reasonLabel),
      ...AUDIT_ACTIONS.map(auditActionLabel),
      ...INQUIRY_CATEGORIES.map(inquiryCategoryLabel),
      ...INQUIRY_STATUSES.map(inquiryStatusLabel),
    ];
    for (const label of all) {
      expect(label).not.toMatch(RAW_CODE);
    }
    expect(methodLabel("FASTER_PAYMENTS")).toBe("Faster Payments");
    expect(reasonLabel("TAKING_LONGER")).toBe("Taking longer than usual");
    expect(stageLabel("UNDER_REVIEW")).toBe(en.stages.UNDER_REVIEW.label);
  });

  it("every reason code has an admin label in both languages", () => {
    for (const code of REASON_CODES) {
      expect(Object.keys(en.admin.reason)).toContain(code);
      expect(Object.keys(de.admin.reason)).toContain(code);
    }
  });

  it("reads a code no catalog knows yet as words, and a missing value as a dash", () => {
    expect(notificationStatusLabel("SOMETHING_NEW")).toBe("Something new");
    expect(humanizeCode("TAKING_LONGER")).toBe("Taking longer");
    expect(reasonLabel(null)).toBe("—");
  });

  it("names template and FAQ topics", () => {
    expect(topicLabel("PROCESSING")).toBe(`Stage: ${en.stages.PROCESSING.label}`);
    expect(topicLabel("reason:BANK_HOLIDAY")).toBe("Reason: Bank holiday");
  });

  it("names the codes in a domain message and leaves other capitals alone", () => {
    expect(nameCodes("A payout never moves backwards: SENT cannot go back to VERIFYING.")).toBe(
      `A payout never moves backwards: ${en.stages.SENT.label} cannot go back to ${en.stages.VERIFYING.label}.`,
    );
    expect(nameCodes("ON_HOLD paused the payout at UNDER_REVIEW; SMS and ETA stay.")).toBe(
      `${en.stages.ON_HOLD.label} paused the payout at ${en.stages.UNDER_REVIEW.label}; SMS and ETA stay.`,
    );
    expect(nameCodes("Reason TAKING_LONGER")).toBe("Reason Taking longer than usual");
  });

  it("keeps the code as the value of a select option", () => {
    expect(labelled(["SEPA"], methodLabel)).toEqual([{ value: "SEPA", label: "SEPA bank transfer" }]);
  });

  it("counts with plural rules: 1 message, 2 messages", () => {
    expect(countLabel("messages", 1)).toBe("1 message");
    expect(countLabel("messages", 2)).toBe("2 messages");
    expect(countLabel("questions", 1)).toBe("1 question");
    expect(countLabel("questions", 0)).toBe("0 questions");
    expect(countLabel("payouts", 1)).toBe("1 payout");
    expect(countLabel("entries", 1)).toBe("1 entry");
    expect(countLabel("revokedLinks", 1)).toBe("Revoked 1 link.");
    expect(countLabel("revokedLinks", 3)).toBe("Revoked 3 links.");
    expect(countLabel("workingLinks", 0)).toBe("No working links");
    expect(countLabel("applyRows", 1_234)).toBe("Apply 1,234 rows");
  });
});
