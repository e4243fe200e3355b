import { createTranslator } from "use-intl/core";
import en from "../../messages/en.json" with { type: "json" };

// The admin and support console is written in English, so its words come from the English
// catalog: the same stage, method and category names customers read, and the console's own
// words (`admin.*`, kept in both catalogs like every key). A code the catalog does not know
// yet (a new enum value) still reads as words, never as SCREAMING_CASE.

const t = createTranslator({ locale: "en", messages: en });

type Labels = Readonly<Record<string, string>>;

/** "TAKING_LONGER" → "Taking longer": the last resort for a code no catalog names yet. */
export function humanizeCode(code: string): string {
  const words = code.replaceAll("_", " ").trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function from(labels: Labels) {
  return (code: string | null | undefined): string => {
    if (code === null || code === undefined || code === "") {
      return "—";
    }
    return Object.hasOwn(labels, code) ? (labels[code] as string) : humanizeCode(code);
  };
}

const stageNames: Labels = Object.fromEntries(Object.entries(en.stages).map(([code, s]) => [code, s.label]));

export const stageLabel = from(stageNames);
export const methodLabel = from(en.methods);
export const reasonLabel = from(en.admin.reason);
export const channelLabel = from(en.notifications.channel);
export const inquiryCategoryLabel = from(en.support.categories);
export const inquiryStatusLabel = from(en.support.status);
export const notificationKindLabel = from(en.admin.notificationKind);
export const notificationStatusLabel = from(en.admin.notificationStatus);
export const suppressedLabel = from(en.admin.suppressed);
export const eventSourceLabel = from(en.admin.eventSource);
export const eventOutcomeLabel = from(en.admin.eventOutcome);
export const roleLabel = from(en.admin.role);
export const backfillStatusLabel = from(en.admin.backfillStatus);
export const auditActionLabel = from(en.admin.auditAction);
export const templateChannelLabel = from(en.admin.templateChannel);
export const accessPurposeLabel = from(en.admin.accessPurpose);
export const languageLabel = from({ en: "English", de: "German" });

/** A template or FAQ topic: a stage ("PROCESSING") or a reason ("reason:BANK_HOLIDAY"). */
export function topicLabel(topic: string): string {
  return topic.startsWith("reason:")
    ? t("admin.topic.reason", { label: reasonLabel(topic.slice("reason:".length)) })
    : t("admin.topic.stage", { label: stageLabel(topic) });
}

/**
 * A domain message written for machines too ("SENT cannot go back to VERIFYING", also the
 * ingest API's 409 reason), with its stage and reason codes named as the console names them.
 */
export function nameCodes(text: string): string {
  return text.replace(/\b[A-Z][A-Z_]*[A-Z]\b/g, (code) =>
    Object.hasOwn(stageNames, code)
      ? stageLabel(code)
      : Object.hasOwn(en.admin.reason, code)
        ? reasonLabel(code)
        : code,
  );
}

/** `{ value: code, label }` pairs for a <select>: the form still sends the code. */
export function labelled(codes: readonly string[], label: (code: string) => string) {
  return codes.map((value) => ({ value, label: label(value) }));
}

type CountKey = keyof typeof en.admin.count;

/** "1 message", "2 messages", through the catalog's ICU plural rules. */
export function countLabel(what: CountKey, count: number): string {
  return t(`admin.count.${what}`, { count });
}
