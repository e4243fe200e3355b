import { beforeEach, describe, expect, it } from "vitest";
import { testSql } from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { renderEmail } from "../notifications/render-email";
import { renderSms, smsSegments } from "../notifications/render-sms";
import type { MessageContext } from "../notifications/types";
import { loadTemplates, newTemplateCache, refreshTemplates, saveTemplate, templateFor, templateHistory } from "./store";

beforeEach(async () => {
  await resetDatabase();
  await loadTemplates(testSql());
});

async function admin() {
  return getDb().staffUser.create({ data: { email: "boss@example.com", name: "Boss", role: "ADMIN" } });
}

const context = (
  overrides: Partial<MessageContext["payout"]> = {},
  kind: MessageContext["kind"] = "STAGE_CHANGED",
): MessageContext => ({
  kind,
  locale: "de",
  timeZone: "Europe/Berlin",
  firstName: "Jonas Beispiel",
  payout: {
    reference: "PT-ABCD1234",
    amountMinor: 250_000n,
    currency: "EUR",
    method: "SEPA",
    destinationLabel: "DE•• 1234",
    stage: "PROCESSING",
    reasonCode: null,
    delayed: false,
    delayReason: null,
    etaAt: new Date("2026-11-24T16:00:00Z"),
    originalEtaAt: null,
    ...overrides,
  },
  trackingUrl: "https://track.example.com/t/AbCd",
  preferencesUrl: "https://track.example.com/preferences",
});

describe("message templates", () => {
  it("a saved German PROCESSING SMS template is what the next SMS says; a reset brings the built-in text back", async () => {
    const boss = await admin();
    const builtIn = renderSms(context()).body;
    expect(
      await saveTemplate(getDb(), boss.id, {
        channel: "SMS",
        topic: "PROCESSING",
        locale: "de",
        body: "{first_name}: {reference} über {amount}, bis {eta}. {tracking_url}",
      }),
    ).toEqual({ ok: true });
    expect(renderSms(context()).body).toBe(
      "Jonas: PT-ABCD1234 über 2.500,00 €, bis Di 24.11. 17:00. https://track.example.com/t/AbCd",
    );
    // English and other stages keep the built-in text.
    expect(renderSms({ ...context(), locale: "en" }).body).not.toContain(" über ");
    expect(renderSms(context({ stage: "SENT" })).body).not.toContain(" über ");

    expect(
      await saveTemplate(getDb(), boss.id, { channel: "SMS", topic: "PROCESSING", locale: "de", body: null }),
    ).toEqual({
      ok: true,
    });
    expect(renderSms(context()).body).toBe(builtIn);
    const history = await templateHistory(getDb(), "SMS", "PROCESSING", "de");
    expect(history.map((v) => [v.body === null ? "reset" : "text", v.by])).toEqual([
      ["reset", "boss@example.com"],
      ["text", "boss@example.com"],
    ]);
    const audit = await getDb().auditEntry.findMany({ orderBy: { at: "asc" } });
    expect(audit.map((a) => [a.action, a.target])).toEqual([
      ["TEMPLATE_SAVED", "SMS PROCESSING de"],
      ["TEMPLATE_RESET", "SMS PROCESSING de"],
    ]);
  });

  it("cuts a name or an amount longer than the template was checked with, so the SMS keeps two segments", async () => {
    const boss = await admin();
    // Just within two segments with the longest values (LONGEST_VALUES): 20-character name, €1,000,000.00.
    const body = `{first_name}, Ihre Auszahlung {reference} über {amount} ist unterwegs. ${"Wir melden uns. ".repeat(9)}Danke. {tracking_url}`;
    expect(await saveTemplate(getDb(), boss.id, { channel: "SMS", topic: "PROCESSING", locale: "de", body })).toEqual({
      ok: true,
    });
    const sms = renderSms({
      ...context({ amountMinor: 99_999_999_999n }),
      firstName: "Maximiliana-Alexandrina-Konstantina-Friederike-Wilhelmina",
    }).body;
    expect(smsSegments(sms).segments).toBeLessThanOrEqual(2);
    expect(sms).toContain("PT-ABCD1234");
    expect(sms).toContain("https://track.example.com/t/AbCd");
    // A cut amount would be a wrong one: it is left out; the name is shortened.
    expect(sms).not.toContain("999");
    expect(sms).toContain("Maximiliana-Alexa..., Ihre Auszahlung");
  });

  it("refuses unknown placeholders and SMS over two segments with the longest values, and writes nothing", async () => {
    const boss = await admin();
    const unknown = await saveTemplate(getDb(), boss.id, {
      channel: "PAGE",
      topic: "PROCESSING",
      locale: "en",
      body: "Hi {name}",
    });
    expect(unknown).toMatchObject({ ok: false, problems: [{ code: "UNKNOWN_PLACEHOLDER", placeholder: "name" }] });
    // 2 × the longest reason title + the longest action + a link: more than 306 characters
    const long = await saveTemplate(getDb(), boss.id, {
      channel: "SMS",
      topic: "reason:BANK_HOLIDAY",
      locale: "de",
      body: "{reason} {reason} {action} {action} {tracking_url}",
    });
    expect(long).toMatchObject({ ok: false, problems: [{ code: "SMS_TOO_LONG" }] });
    expect(long.ok === false && long.problems[0]?.message).toMatch(/needs \d segments .* at most 2 are allowed/);
    // The same text is fine on the page, where there is no segment limit.
    expect(
      await saveTemplate(getDb(), boss.id, {
        channel: "PAGE",
        topic: "reason:BANK_HOLIDAY",
        locale: "de",
        body: "{reason} {reason} {action} {action} {tracking_url}",
      }),
    ).toEqual({ ok: true });
    expect(await getDb().messageTemplateVersion.count()).toBe(1);
  });

  it("an email's opening and 'what you can do' follow the templates; other processes load the newest version", async () => {
    const boss = await admin();
    await saveTemplate(getDb(), boss.id, {
      channel: "EMAIL",
      topic: "ON_HOLD",
      locale: "de",
      body: "Wir prüfen {reference}.",
    });
    await saveTemplate(getDb(), boss.id, {
      channel: "EMAIL",
      topic: "reason:COMPLIANCE_REVIEW",
      locale: "de",
      body: "Bitte warten Sie, {first_name}.",
    });
    const email = await renderEmail(context({ stage: "ON_HOLD", reasonCode: "COMPLIANCE_REVIEW" }));
    expect(email.text).toContain("Wir prüfen PT-ABCD1234.");
    expect(email.text).toContain("Bitte warten Sie, Jonas.");

    // Another process starts empty, and reads the newest version of each.
    const other = newTemplateCache();
    expect(templateFor("EMAIL", "ON_HOLD", "de", other)).toBeNull();
    await saveTemplate(getDb(), boss.id, {
      channel: "EMAIL",
      topic: "ON_HOLD",
      locale: "de",
      body: "Neu: {reference}.",
    });
    expect(templateFor("EMAIL", "ON_HOLD", "de", other)).toBeNull();
    await refreshTemplates(testSql(), other);
    expect(templateFor("EMAIL", "ON_HOLD", "de", other)).toBe("Neu: {reference}.");
    expect(templateFor("EMAIL", "reason:COMPLIANCE_REVIEW", "de", other)).toBe("Bitte warten Sie, {first_name}.");
  });
});
