import { describe, expect, it } from "vitest";
import { type AppLocale, intlLocale } from "../../i18n/locale";
import de from "../../messages/de.json";
import en from "../../messages/en.json";
import { formatMoney } from "../format/money";
import { isPaused, isTerminal, REASON_CODES, type ReasonCode, STAGES, type Stage } from "../payouts/stages";
import { renderEmail } from "./render-email";
import { renderSms, smsHelpText, smsSegments, toGsm7 } from "./render-sms";
import { type MessageContext, NOTIFICATION_KINDS, type NotificationKind } from "./types";

const catalogs = { en, de };
const LOCALES = ["en", "de"] as const;
const CURRENCIES = ["EUR", "USD", "GBP"] as const;
const TIME_ZONES = ["Europe/Berlin", "America/Los_Angeles"] as const;

/** The longest values a message can meet: 8-character reference, 9,999,999.99, a 64-character tracking link. */
const REFERENCE = "PT-XXXXXXXX";
const AMOUNT_MINOR = 999_999_999n;
const TRACKING_URL = "https://track.example-payouts.com/payouts/PT-7K3M9Q2X";
// A later tracking token link is at most 64 characters; leave room for it.
const TOKEN_URL = `https://track.example-payouts.com/t/${"A".repeat(28)}`;
const PREFERENCES_URL = "https://app.example-payouts.com/settings/notifications";
const ETA = new Date("2026-11-24T16:00:00Z"); // Tue 24 Nov, 17:00 in Berlin, 08:00 in Los Angeles
const ORIGINAL_ETA = new Date("2026-11-23T16:00:00Z");
const LONG_NOTE =
  "We spoke to your bank this morning: they need one more day to check the transfer, and you do not need to do anything.";
// en-GB abbreviates September as "Sept": the longest short month.
const SEPTEMBER_ETA = new Date("2026-09-30T16:00:00Z");

const EMAIL_ETA: Record<(typeof LOCALES)[number], Record<(typeof TIME_ZONES)[number], string>> = {
  en: {
    "Europe/Berlin": "Expected by Tuesday 24 November, 17:00 (Central European Time)",
    "America/Los_Angeles": "Expected by Tuesday 24 November, 08:00 (Pacific Time)",
  },
  de: {
    "Europe/Berlin": "Voraussichtlich bis Dienstag, 24. November, 17:00 Uhr (Mitteleuropäische Zeit)",
    "America/Los_Angeles": "Voraussichtlich bis Dienstag, 24. November, 08:00 Uhr (Nordamerikanische Westküstenzeit)",
  },
};
const EMAIL_BEFORE = {
  en: "Before this update: by Monday 23 November, 17:00",
  de: "Vor dieser Änderung: bis Montag, 23. November, 17:00 Uhr",
};
const SMS_ETA = {
  en: {
    "Europe/Berlin": "Expected by Tue 24 Nov 17:00.",
    "America/Los_Angeles": "Expected by Tue 24 Nov 08:00.",
  },
  de: {
    "Europe/Berlin": "Erwartet bis Di 24.11. 17:00 Uhr.",
    "America/Los_Angeles": "Erwartet bis Di 24.11. 08:00 Uhr.",
  },
};
/** Words only one language uses, to catch a message in the wrong language. */
const LANGUAGE_MARKERS = {
  en: {
    own: ["Hello Eve,", "Track your payout", "Manage notification preferences"],
    other: ["Auszahlung", "Hallo", "Voraussichtlich"],
  },
  de: {
    own: ["Hallo Eve,", "Auszahlung verfolgen", "Benachrichtigungen verwalten"],
    other: ["Your payout", "Hello", "Expected by"],
  },
};

type Case = {
  kind: NotificationKind;
  stage: Stage;
  reasonCode: ReasonCode | null;
  delayed: boolean;
  delayReason: ReasonCode | null;
};

const stopsWithReason = (stage: Stage) => isPaused(stage) || stage === "FAILED" || stage === "RETURNED";

/** Every kind × stage, each reason code where it applies (with none as well), and each delay reason. */
function cases(): Case[] {
  const codes: (ReasonCode | null)[] = [...REASON_CODES, null];
  return NOTIFICATION_KINDS.flatMap((kind) =>
    STAGES.flatMap((stage) => {
      const stageReasons = stopsWithReason(stage) ? codes : [null];
      return [
        ...stageReasons.map((reasonCode) => ({ kind, stage, reasonCode, delayed: false, delayReason: null })),
        ...codes.map((delayReason) => ({
          kind,
          stage,
          reasonCode: stageReasons[0] ?? null,
          delayed: true,
          delayReason,
        })),
      ];
    }),
  );
}

function context(
  c: Case,
  locale: AppLocale,
  overrides: {
    currency?: string;
    timeZone?: string;
    trackingUrl?: string;
    etaAt?: Date;
    firstName?: string;
    payout?: Partial<MessageContext["payout"]>;
    guidance?: MessageContext["guidance"];
  } = {},
): MessageContext {
  return {
    kind: c.kind,
    locale,
    timeZone: overrides.timeZone ?? "Europe/Berlin",
    firstName: overrides.firstName ?? "Eve",
    payout: {
      reference: REFERENCE,
      amountMinor: AMOUNT_MINOR,
      currency: overrides.currency ?? "EUR",
      method: "SWIFT",
      destinationLabel: "Deutsche Bank ••••4821",
      stage: c.stage,
      reasonCode: c.reasonCode,
      delayed: c.delayed,
      delayReason: c.delayReason,
      etaAt: overrides.etaAt ?? ETA,
      originalEtaAt: ORIGINAL_ETA,
      ...overrides.payout,
    },
    trackingUrl: overrides.trackingUrl ?? TRACKING_URL,
    preferencesUrl: PREFERENCES_URL,
    guidance: overrides.guidance,
  };
}

/** What React writes for a text: the same escaping the test expects in the HTML part. */
/** A payout that failed for a wrong account: the customer must act. */
const FAILED_INVALID_ACCOUNT: Case = {
  kind: "STAGE_CHANGED",
  stage: "FAILED",
  reasonCode: "INVALID_ACCOUNT",
  delayed: false,
  delayReason: null,
};

const escapeHtml = (text: string) =>
  text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#x27;");

const label = (c: Case) =>
  `${c.kind} ${c.stage} reason=${c.reasonCode ?? "-"} ${c.delayed ? `delayed=${c.delayReason ?? "-"}` : "on time"}`;

describe("renderEmail", () => {
  for (const locale of LOCALES) {
    const catalog = catalogs[locale];
    it(`words every kind, stage and reason in ${locale}, with the facts and both links`, async () => {
      const all = cases();
      expect(all.length).toBeGreaterThan(500);
      await Promise.all(
        all.map(async (c, i) => {
          const currency = CURRENCIES[i % CURRENCIES.length] ?? "EUR";
          const timeZone = TIME_ZONES[i % TIME_ZONES.length] ?? "Europe/Berlin";
          const email = await renderEmail(context(c, locale, { currency, timeZone }));
          const amount = formatMoney(Number(AMOUNT_MINOR), currency, intlLocale(locale));
          const expected = [
            REFERENCE,
            amount,
            catalog.stages[c.stage].label,
            catalog.methods.SWIFT,
            TRACKING_URL,
            PREFERENCES_URL,
            ...LANGUAGE_MARKERS[locale].own,
          ];
          if (!isTerminal(c.stage)) {
            expected.push(EMAIL_ETA[locale][timeZone]);
          }
          if (stopsWithReason(c.stage)) {
            const code = c.reasonCode ?? "GENERIC";
            expected.push(catalog.reasons[code].title, catalog.reasons[code].action);
          }
          if (c.delayed && !isTerminal(c.stage)) {
            const code = c.delayReason ?? "GENERIC";
            expected.push(catalog.reasons[code].title, catalog.reasons[code].action);
          }
          for (const part of expected) {
            expect(email.text, `${label(c)}: text has ${part}`).toContain(part);
            expect(email.html, `${label(c)}: html has ${part}`).toContain(escapeHtml(part));
          }
          for (const word of LANGUAGE_MARKERS[locale].other) {
            expect(email.text, `${label(c)}: text in ${locale}`).not.toContain(word);
          }
          expect(email.subject).toContain(REFERENCE);
          expect(email.subject).toContain(locale === "de" ? "Auszahlung" : "payout");
          expect(email.subject.length).toBeLessThanOrEqual(70);
          expect(email.html).toContain(`lang="${locale}"`);
          if (isTerminal(c.stage)) {
            // A closed payout has nothing more to expect.
            expect(email.text).not.toContain(locale === "de" ? "Voraussichtlich bis" : "Expected by");
          }
        }),
      );
    }, 240_000);
  }

  it("gives each kind and each closing stage its own subject", async () => {
    const subject = async (kind: NotificationKind, stage: Stage, delayed = true) =>
      (await renderEmail(context({ kind, stage, reasonCode: null, delayed, delayReason: null }, "en"))).subject;
    expect(await subject("STAGE_CHANGED", "SENT")).toBe("Your payout PT-XXXXXXXX has been sent");
    expect(await subject("STAGE_CHANGED", "COMPLETED")).toBe("Your payout PT-XXXXXXXX has arrived");
    expect(await subject("STAGE_CHANGED", "ACTION_REQUIRED")).toBe("We need something from you for payout PT-XXXXXXXX");
    expect(await subject("STAGE_CHANGED", "FAILED")).toBe("Your payout PT-XXXXXXXX has failed");
    expect(await subject("STAGE_CHANGED", "RETURNED")).toBe("Your payout PT-XXXXXXXX was returned by your bank");
    expect(await subject("STAGE_CHANGED", "CANCELED")).toBe("Your payout PT-XXXXXXXX was canceled");
    expect(await subject("DELAYED", "PROCESSING")).toBe("Your payout PT-XXXXXXXX is delayed");
    expect(await subject("DELAYED", "PROCESSING", false)).toBe("Your payout PT-XXXXXXXX is back on track");
    expect(await subject("ETA_MOVED", "PROCESSING")).toBe("New estimate for your payout PT-XXXXXXXX");
    const german = await renderEmail(
      context({ kind: "DELAYED", stage: "SENT", reasonCode: null, delayed: true, delayReason: null }, "de"),
    );
    expect(german.subject).toBe("Ihre Auszahlung PT-XXXXXXXX verzögert sich");
  });

  it("says what the ETA was before, and why it changed, when the ETA moved", async () => {
    const moved: Case = { kind: "ETA_MOVED", stage: "PROCESSING", reasonCode: null, delayed: false, delayReason: null };
    for (const locale of LOCALES) {
      const email = await renderEmail(
        context(moved, locale, {
          payout: {
            etaPrecision: "TIME",
            previousEta: { at: ORIGINAL_ETA, precision: "TIME" },
            originalEtaPrecision: "TIME",
            etaReason: "HIGH_VOLUME",
            etaSource: "SWEEPER",
          },
        }),
      );
      expect(email.text).toContain(EMAIL_ETA[locale]["Europe/Berlin"]);
      expect(email.text).toContain(EMAIL_BEFORE[locale]);
      expect(email.text).toContain(
        `${locale === "de" ? "Grund der Änderung" : "Why it changed"}: ${catalogs[locale].reasons.HIGH_VOLUME.title}`,
      );
      // The first estimate was the one just replaced: said once.
      expect(email.text).not.toContain(locale === "de" ? "Erste Schätzung" : "First estimate");
      expect(email.text).toContain(catalogs[locale].notify.email.intro.ETA_MOVED);
    }
    // Without a reason, who changed it.
    const bySweeper = await renderEmail(
      context(moved, "en", { payout: { previousEta: { at: ORIGINAL_ETA, precision: "TIME" }, etaSource: "SWEEPER" } }),
    );
    expect(bySweeper.text).toContain(`Why it changed: ${en.payout.etaSource.SWEEPER}`);
    // A second revision: the estimate before it, and the first one.
    const second = await renderEmail(
      context(moved, "en", {
        payout: {
          previousEta: { at: new Date("2026-11-23T20:00:00Z"), precision: "TIME" },
          originalEtaPrecision: "TIME",
        },
      }),
    );
    expect(second.text).toContain("Before this update: by Monday 23 November, 21:00");
    expect(second.text).toContain("First estimate: by Monday 23 November, 17:00");
  });

  it("states a date promise as a date, never as 23:59", async () => {
    // The end of Tuesday 24 November in Berlin: a DATE promise.
    const endOfDay = new Date("2026-11-24T22:59:59.999Z");
    for (const locale of LOCALES) {
      const email = await renderEmail(
        context({ kind: "ETA_MOVED", stage: "SENT", reasonCode: null, delayed: false, delayReason: null }, locale, {
          etaAt: endOfDay,
          payout: {
            etaPrecision: "DATE",
            previousEta: { at: new Date("2026-11-23T22:59:59.999Z"), precision: "DATE" },
            originalEtaPrecision: "DATE",
          },
        }),
      );
      expect(email.text).toContain(
        locale === "de" ? "Voraussichtlich bis Dienstag, 24. November" : "Expected by Tuesday 24 November",
      );
      expect(email.text).toContain(locale === "de" ? "bis Montag, 23. November" : "by Monday 23 November");
      expect(email.text).not.toContain("23:59");
      const sms = renderSms(
        context({ kind: "ETA_MOVED", stage: "SENT", reasonCode: null, delayed: false, delayReason: null }, locale, {
          etaAt: endOfDay,
          payout: {
            etaPrecision: "DATE",
            previousEta: { at: new Date("2026-11-23T22:59:59.999Z"), precision: "DATE" },
          },
        }),
      ).body;
      expect(sms).toContain(
        locale === "de"
          ? "Jetzt erwartet bis Di 24.11. (bisher Mo 23.11.)."
          : "Now expected by Tue 24 Nov (was Mon 23 Nov).",
      );
      expect(sms).not.toContain("23:59");
    }
  });

  it("brings the team's note, and quotes the incident notice that moved the ETA", async () => {
    const note = "We called your bank: the money leaves today.";
    const withNote = await renderEmail(
      context({ kind: "NOTE", stage: "PROCESSING", reasonCode: null, delayed: false, delayReason: null }, "en", {
        payout: { note },
      }),
    );
    expect(withNote.subject).toBe("A note about your payout PT-XXXXXXXX");
    expect(withNote.text).toContain("A note from our team");
    expect(withNote.text).toContain(note);
    const german = await renderEmail(
      context({ kind: "STAGE_CHANGED", stage: "SENT", reasonCode: null, delayed: false, delayReason: null }, "de", {
        payout: { note: "Die Bank hat bestätigt." },
      }),
    );
    expect(german.text).toContain("Eine Nachricht unseres Teams");
    expect(german.text).toContain("Die Bank hat bestätigt.");
    // No note: no heading.
    const plain = await renderEmail(
      context({ kind: "STAGE_CHANGED", stage: "SENT", reasonCode: null, delayed: false, delayReason: null }, "en"),
    );
    expect(plain.text).not.toContain("A note from our team");

    const notice = "SEPA payouts are slower today: our bank has a technical problem.";
    const shifted = await renderEmail(
      context({ kind: "ETA_MOVED", stage: "PROCESSING", reasonCode: null, delayed: false, delayReason: null }, "en", {
        payout: { noticeMessage: notice, etaSource: "NOTICE", previousEta: { at: ORIGINAL_ETA, precision: "TIME" } },
      }),
    );
    expect(shifted.text).toContain("Service notice");
    expect(shifted.text).toContain(notice);
    expect(shifted.html).toContain(escapeHtml(notice));
  });

  it("says where the money is, what happens next, and links the button to where the customer acts", async () => {
    const guidance = {
      whereMoney: "The money is back in your balance.",
      next: "Update your bank details and request the payout again.",
      action: { url: "https://app.example.com/settings/bank?ref=PT-1", label: "Update your bank details" },
    };
    const email = await renderEmail(context(FAILED_INVALID_ACCOUNT, "en", { guidance }));
    expect(email.text).toContain("Where your money is");
    expect(email.text).toContain(guidance.whereMoney);
    expect(email.text).toContain("What happens next");
    expect(email.text).toContain(guidance.next);
    expect(email.html).toContain('href="https://app.example.com/settings/bank?ref=PT-1"');
    expect(email.html).toContain(">Update your bank details<");
    // The tracking page stays linked, as a plain link beside the button.
    expect(email.html).toContain(TRACKING_URL);

    const german = await renderEmail(context(FAILED_INVALID_ACCOUNT, "de", { guidance }));
    expect(german.text).toContain("Wo Ihr Geld ist");
    expect(german.text).toContain("Wie es weitergeht");
  });

  it("escapes a first name with HTML in it", async () => {
    const email = await renderEmail(
      context({ kind: "STAGE_CHANGED", stage: "SENT", reasonCode: null, delayed: false, delayReason: null }, "en", {
        firstName: '<b>Eve & "Co"</b>',
      }),
    );
    expect(email.html).not.toContain("<b>Eve");
    expect(email.html).toContain("Hello &lt;b&gt;Eve &amp; &quot;Co&quot;&lt;/b&gt;,");
    expect(email.text).toContain('Hello <b>Eve & "Co"</b>,');
  });

  it("greets without a name when there is none", async () => {
    const email = await renderEmail(
      context({ kind: "STAGE_CHANGED", stage: "SENT", reasonCode: null, delayed: false, delayReason: null }, "de", {
        firstName: "  ",
      }),
    );
    expect(email.text).toContain("Guten Tag,");
  });

  it("links with meaningful texts, in one language, without layout tables screen readers would announce", async () => {
    const email = await renderEmail(
      context(
        { kind: "STAGE_CHANGED", stage: "FAILED", reasonCode: "BANK_REJECTED", delayed: false, delayReason: null },
        "de",
      ),
    );
    expect(email.html).toMatch(/<html[^>]* lang="de"/);
    expect(email.html).toMatch(new RegExp(`<a href="${TRACKING_URL}"[^>]*>.*Auszahlung verfolgen.*</a>`));
    expect(email.html).toMatch(new RegExp(`<a href="${PREFERENCES_URL}"[^>]*>Benachrichtigungen verwalten</a>`));
    const tables = email.html.match(/<table[^>]*>/g) ?? [];
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      expect(table).toContain('role="presentation"');
    }
  });
});

describe("renderSms", () => {
  // Reasons do not change the text: measure each distinct text once.
  const sizes = new Map<string, ReturnType<typeof smsSegments>>();
  const measure = (body: string) => {
    const size = sizes.get(body) ?? smsSegments(body);
    sizes.set(body, size);
    return size;
  };

  for (const locale of LOCALES) {
    it(`fits every ${locale} text message in ONE GSM-7 segment with the longest values`, () => {
      expect(TOKEN_URL).toHaveLength(64);
      for (const c of cases()) {
        for (const currency of CURRENCIES) {
          for (const timeZone of TIME_ZONES) {
            for (const etaAt of [ETA, SEPTEMBER_ETA]) {
              for (const payout of [
                {},
                { previousEta: { at: SEPTEMBER_ETA, precision: "TIME" as const }, note: LONG_NOTE },
              ]) {
                const { body } = renderSms(
                  context(c, locale, { currency, timeZone, etaAt, trackingUrl: TOKEN_URL, payout }),
                );
                const size = measure(body);
                const where = `${label(c)} ${currency} ${timeZone}: ${body}`;
                expect(size.encoding, where).toBe("GSM-7");
                expect(size.segments, where).toBe(1);
                expect(body, where).toContain(REFERENCE);
                expect(body, where).toContain(TOKEN_URL);
              }
            }
          }
        }
      }
    }, 240_000);
  }

  it("says the stage and the short ETA in the customer's language and zone", () => {
    const sent: Case = { kind: "STAGE_CHANGED", stage: "SENT", reasonCode: null, delayed: false, delayReason: null };
    for (const locale of LOCALES) {
      for (const timeZone of TIME_ZONES) {
        const { body } = renderSms(context(sent, locale, { timeZone }));
        expect(body).toContain(SMS_ETA[locale][timeZone]);
        expect(body).toContain(locale === "de" ? "wurde überwiesen" : "has been sent");
      }
    }
    const closed = renderSms(context({ ...sent, stage: "COMPLETED" }, "en")).body;
    expect(closed).not.toContain("Expected");
  });

  it("brings a short note in the text, a long one behind the link", () => {
    const sent: Case = { kind: "NOTE", stage: "PROCESSING", reasonCode: null, delayed: false, delayReason: null };
    const short = renderSms(context(sent, "en", { payout: { note: "Bank confirmed, arriving today." } })).body;
    expect(short).toContain("News on payout PT-XXXXXXXX");
    expect(short).toContain("Note: Bank confirmed, arriving today.");
    expect(smsSegments(short).segments).toBe(1);
    const long = renderSms(context(sent, "de", { payout: { note: LONG_NOTE } })).body;
    expect(long).not.toContain("Hinweis:");
    expect(long).toContain(`Nachricht: ${TRACKING_URL}`);
    expect(smsSegments(long).segments).toBe(1);
  });

  it("sends the customer straight to where they act when that link fits, else to the tracking page", () => {
    const guidance = (url: string) => ({ whereMoney: null, next: null, action: { url, label: "Update" } });
    const short = renderSms(
      context(FAILED_INVALID_ACCOUNT, "en", { guidance: guidance("https://pay.example.com/bank") }),
    ).body;
    expect(short).toContain("What to do: https://pay.example.com/bank");
    expect(short).not.toContain(TRACKING_URL);
    const long = renderSms(
      context(FAILED_INVALID_ACCOUNT, "en", {
        guidance: guidance(`https://pay.example.com/bank?token=${"x".repeat(120)}`),
      }),
    ).body;
    expect(long).toContain(`What to do: ${TRACKING_URL}`);
    expect(smsSegments(long).segments).toBe(1);
  });

  it("adds the amount, with plain spaces, when it fits", () => {
    const sent: Case = { kind: "STAGE_CHANGED", stage: "SENT", reasonCode: null, delayed: false, delayReason: null };
    const base = context(sent, "de");
    const small = { ...base, payout: { ...base.payout, amountMinor: 125_000n } };
    expect(renderSms(small).body).toBe(
      `Auszahlung ${REFERENCE} (1.250,00 €) wurde überwiesen.\nErwartet bis Di 24.11. 17:00 Uhr.\nStatus: ${TRACKING_URL}`,
    );
    const english = { ...small, locale: "en" as const };
    expect(renderSms(english).body).toContain(`Payout ${REFERENCE} (€1,250.00) has been sent.`);
  });

  it("asks for action on the tracking page when the payout waits for the customer", () => {
    const body = renderSms(
      context(
        {
          kind: "STAGE_CHANGED",
          stage: "ACTION_REQUIRED",
          reasonCode: "VERIFICATION_INCOMPLETE",
          delayed: false,
          delayReason: null,
        },
        "en",
      ),
    ).body;
    expect(body).toContain("Action needed for payout PT-XXXXXXXX");
    expect(body).toContain(`What to do: ${TRACKING_URL}`);
  });
});

describe("smsHelpText", () => {
  it("answers HELP in one GSM-7 segment, with how to stop", () => {
    const appUrl = `https://payouts.example-payouts.com/${"h".repeat(24)}`;
    expect(appUrl).toHaveLength(60);
    for (const locale of LOCALES) {
      const text = smsHelpText(locale, appUrl);
      expect(smsSegments(text)).toMatchObject({ encoding: "GSM-7", segments: 1 });
      expect(text).toContain(appUrl);
      expect(text).toContain("STOP");
      expect(text).toContain("START");
    }
    expect(smsHelpText("de", appUrl)).toContain("Abbestellen");
  });
});

describe("smsSegments and toGsm7", () => {
  it("counts € as two septets and switches to UCS-2 for a character outside GSM-7", () => {
    expect(smsSegments("€")).toEqual({ encoding: "GSM-7", segments: 1, characters: 2 });
    expect(smsSegments("a".repeat(160)).segments).toBe(1);
    expect(smsSegments("a".repeat(161)).segments).toBe(2);
    expect(smsSegments("Zoë").encoding).toBe("UCS-2");
    expect(smsSegments("äöüÄÖÜß").encoding).toBe("GSM-7");
  });

  it("replaces Intl's no-break spaces and typographic punctuation with GSM-7 characters", () => {
    const text = toGsm7("1.250,00\u00a0€ \u201eok\u201c \u2013 wait\u2026 10\u202f000 Zoë");
    expect(text).toBe('1.250,00 € "ok" - wait... 10 000 Zoe');
    expect(smsSegments(text).encoding).toBe("GSM-7");
  });

  it("agrees with the segment calculator on every Latin character", () => {
    const chars = Array.from({ length: 0x250 - 0x20 }, (_, i) => String.fromCodePoint(0x20 + i));
    for (const char of [...chars, "\u2018", "\u201c", "\u2013", "\u2026", "\u202f", "\u20ac", "\u{1F600}"]) {
      const plain = toGsm7(char);
      expect(smsSegments(plain).encoding, `${char} → ${plain}`).toBe("GSM-7");
      if (smsSegments(char).encoding === "GSM-7") {
        expect(plain).toBe(char); // kept as it is when already GSM-7
      }
    }
  });
});
