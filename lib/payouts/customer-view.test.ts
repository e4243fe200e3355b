import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import de from "../../messages/de.json";
import en from "../../messages/en.json";
import { etaChangeWhy, etaSentence, etaWhen, notesOf, sameShownEta, untyped } from "./customer-view";

const tEn = untyped(createTranslator({ locale: "en", messages: en }));
const tDe = untyped(createTranslator({ locale: "de", messages: de }));
const BERLIN = "Europe/Berlin";
// The end of Tuesday 8 December in Berlin: how a DATE promise is stored.
const END_OF_DAY = new Date("2026-12-08T22:59:59.999Z");
const AFTERNOON = new Date("2026-12-08T13:00:00Z"); // 14:00 in Berlin

describe("how an ETA reads", () => {
  it("a date promise as a date, a time promise with its time, never 23:59", () => {
    expect(etaSentence(tEn, { at: END_OF_DAY, precision: "DATE" }, "en-GB", BERLIN)).toBe(
      "Expected by Tuesday 8 December",
    );
    expect(etaSentence(tDe, { at: END_OF_DAY, precision: "DATE" }, "de-DE", BERLIN)).toBe(
      "Voraussichtlich bis Dienstag, 8. Dezember",
    );
    expect(etaSentence(tEn, { at: AFTERNOON, precision: "TIME" }, "en-GB", BERLIN)).toBe(
      "Expected by Tuesday 8 December, 14:00",
    );
    expect(etaWhen(tEn, { at: END_OF_DAY, precision: "DATE" }, "en-GB", BERLIN)).toBe("by Tuesday 8 December");
    expect(etaWhen(tDe, { at: AFTERNOON, precision: "TIME" }, "de-DE", BERLIN)).toBe(
      "bis Dienstag, 8. Dezember, 14:00 Uhr",
    );
  });

  it("a next update by a day's end names the day; one at a time names the time", () => {
    expect(etaSentence(tEn, { at: END_OF_DAY, precision: "UPDATE" }, "en-GB", BERLIN)).toBe(
      "We will update you by Tuesday 8 December",
    );
    expect(etaSentence(tDe, { at: END_OF_DAY, precision: "UPDATE" }, "de-DE", BERLIN)).toBe(
      "Wir melden uns bis Dienstag, 8. Dezember",
    );
    expect(etaSentence(tEn, { at: AFTERNOON, precision: "UPDATE" }, "en-GB", BERLIN)).toMatch(/14:00$/);
  });

  it("two ETAs are the same when the customer reads the same", () => {
    const a = { at: END_OF_DAY, precision: "DATE" as const };
    expect(sameShownEta(a, { at: new Date(END_OF_DAY.getTime() - 1), precision: "DATE" }, "en-GB", BERLIN)).toBe(true);
    expect(
      sameShownEta(a, { at: new Date(END_OF_DAY.getTime() + 86_400_000), precision: "DATE" }, "en-GB", BERLIN),
    ).toBe(false);
    expect(sameShownEta(a, { at: AFTERNOON, precision: "TIME" }, "en-GB", BERLIN)).toBe(false);
  });

  it("says why an ETA changed: the reason, else who changed it", () => {
    expect(etaChangeWhy(tEn, "BANK_HOLIDAY", "ADMIN")).toBe(en.reasons.BANK_HOLIDAY.title);
    expect(etaChangeWhy(tEn, null, "NOTICE")).toBe(en.payout.etaSource.NOTICE);
    expect(etaChangeWhy(tEn, null, null)).toBeNull();
  });
});

describe("notesOf", () => {
  it("lists each note once, where it was written, newest first", () => {
    const at = (h: number) => new Date(Date.UTC(2026, 11, 7, h));
    const notes = notesOf([
      { note: null, stage: "REQUESTED", fromStage: null, occurredAt: at(8) },
      { note: "We called your bank.", stage: "PROCESSING", fromStage: "REQUESTED", occurredAt: at(9) },
      // carried on by a later event on the same stage (a delay): not a new note
      { note: "We called your bank.", stage: "PROCESSING", fromStage: "PROCESSING", occurredAt: at(10) },
      { note: "It left today.", stage: "PROCESSING", fromStage: "PROCESSING", occurredAt: at(11) },
      { note: null, stage: "SENT", fromStage: "PROCESSING", occurredAt: at(12) },
      // the same words again at a new stage: a new note
      { note: "It left today.", stage: "COMPLETED", fromStage: "SENT", occurredAt: at(13) },
    ]);
    expect(notes.map((n) => [n.text, n.stage, n.at.getUTCHours()])).toEqual([
      ["It left today.", "COMPLETED", 13],
      ["It left today.", "PROCESSING", 11],
      ["We called your bank.", "PROCESSING", 9],
    ]);
  });
});
