import type { AppLocale } from "@/i18n/locale";
import { REASON_CODES, type ReasonCode, STAGES, type Stage } from "../payouts/stages";

/**
 * Admin-editable customer texts. A template replaces one built-in text:
 * - PAGE, stage S: the description of stage S on the payout page; reason R: "what you can do" for R.
 * - EMAIL, stage S: the opening paragraph of the email about reaching S; reason R: "what you can do" for R.
 * - SMS, stage S: the whole text message about reaching S; reason R: the whole text message about a delay for R.
 */
export const TEMPLATE_CHANNELS = ["PAGE", "EMAIL", "SMS"] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

export const PLACEHOLDERS = ["first_name", "amount", "eta", "reason", "action", "tracking_url", "reference"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Record<Placeholder, string>;

/** A stage, or a reason code (GENERIC: a delay or pause without a code). */
export type TemplateTopic = Stage | `reason:${ReasonCode | "GENERIC"}`;
export const TEMPLATE_TOPICS: TemplateTopic[] = [
  ...STAGES,
  ...[...REASON_CODES, "GENERIC" as const].map((r) => `reason:${r}` as const),
];

export function isTemplateTopic(value: string): value is TemplateTopic {
  return (TEMPLATE_TOPICS as string[]).includes(value);
}

/** SMS templates may take two segments at most (a stated reason: admins write longer texts than the built-in one). */
export const MAX_SMS_SEGMENTS = 2;
export const MAX_TEMPLATE_LENGTH = 1_000;

export type TemplateProblem =
  | { code: "EMPTY"; message: string }
  | { code: "TOO_LONG"; message: string }
  | { code: "UNKNOWN_PLACEHOLDER"; message: string; placeholder: string }
  | { code: "BROKEN_BRACE"; message: string }
  | { code: "SMS_TOO_LONG"; message: string; segments: number };

const TOKEN = /\{([^{}]*)\}/g;

/** Problems with a template's text itself: empty, too long, unknown placeholders, stray braces. */
export function checkTemplate(body: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  if (body.trim() === "") {
    problems.push({ code: "EMPTY", message: "The text is empty. To use the built-in text, reset instead." });
  }
  if (body.length > MAX_TEMPLATE_LENGTH) {
    problems.push({
      code: "TOO_LONG",
      message: `The text has ${body.length} characters; at most ${MAX_TEMPLATE_LENGTH} are allowed.`,
    });
  }
  const allowed = PLACEHOLDERS.map((p) => `{${p}}`).join(", ");
  const seen = new Set<string>();
  for (const match of body.matchAll(TOKEN)) {
    const name = match[1] ?? "";
    if (!(PLACEHOLDERS as readonly string[]).includes(name) && !seen.has(name)) {
      seen.add(name);
      problems.push({
        code: "UNKNOWN_PLACEHOLDER",
        placeholder: name,
        message: `Unknown placeholder {${name}}. Allowed: ${allowed}.`,
      });
    }
  }
  if (/[{}]/.test(body.replace(TOKEN, ""))) {
    problems.push({
      code: "BROKEN_BRACE",
      message: `A brace is not part of a placeholder. Placeholders look like {first_name}; allowed: ${allowed}.`,
    });
  }
  return problems;
}

/** Fills the placeholders; the text must have passed checkTemplate. */
export function fillTemplate(body: string, values: TemplateValues): string {
  return body.replace(TOKEN, (whole, name: string) =>
    (PLACEHOLDERS as readonly string[]).includes(name) ? values[name as Placeholder] : whole,
  );
}

/** The longest values a placeholder takes in messages, per language: what SMS templates are measured with. */
export const LONGEST_VALUES: Record<AppLocale, TemplateValues> = {
  en: {
    first_name: "Maximilian-Alexander",
    amount: "€1,000,000.00",
    eta: "Wed 30 Dec 23:45",
    reason: "Your bank asked us to confirm some details",
    action: "Upload the missing documents on your account page.",
    tracking_url: "https://payouts.example-fintech.com/t/AbCdEfGhIjKlMnOpQrStUv",
    reference: "PT-ABCDEFGH",
  },
  de: {
    first_name: "Maximilian-Alexander",
    amount: "1.000.000,00 €",
    eta: "Mi 30.12. 23:45",
    reason: "Ihre Bank hat uns um eine Bestätigung gebeten",
    action: "Laden Sie die fehlenden Unterlagen auf Ihrer Kontoseite hoch.",
    tracking_url: "https://payouts.example-fintech.com/t/AbCdEfGhIjKlMnOpQrStUv",
    reference: "PT-ABCDEFGH",
  },
};
