import type { AppLocale } from "@/i18n/locale";
import de from "../../messages/de.json" with { type: "json" };
import en from "../../messages/en.json" with { type: "json" };
import { actionUrlProblem, fillActionUrl } from "./action-url";
import { REASON_CODES, type ReasonCode, type Stage, takesReason } from "./stages";

// What a customer reads about a stopped payout (issue 14): where the money is, what happens
// next, and a button to where they act. Pure: the built-in texts come from the catalogs
// (messages/*.json, "guidance"), an admin's overrides (/admin/actions) are passed in.
// customerGuidance (guidance.ts) loads the overrides and applies these rules.

/** The stages a customer needs guidance on: paused, or ended without the money arriving. */
export const GUIDED_STAGES = ["ACTION_REQUIRED", "ON_HOLD", "FAILED", "RETURNED", "CANCELED"] as const;
export type GuidedStage = (typeof GUIDED_STAGES)[number];

/** A reason code, or NONE: the stage's own row (no reason, or a reason without a row of its own). */
export type GuidanceReason = ReasonCode | "NONE";
export type GuidanceLocale = AppLocale;
export const GUIDANCE_LOCALES = ["en", "de"] as const;

export function isGuidedStage(stage: string): stage is GuidedStage {
  return (GUIDED_STAGES as readonly string[]).includes(stage);
}

/** Stages that carry a reason (the same rule as applyEvent's): CANCELED has none. */
export function stageTakesReason(stage: GuidedStage): boolean {
  return takesReason(stage);
}

/** Every (stage, reason) a payout can be in that needs guidance: the rows of /admin/actions. */
export function guidanceKeys(): { stage: GuidedStage; reason: GuidanceReason }[] {
  return GUIDED_STAGES.flatMap((stage) => [
    { stage, reason: "NONE" as const },
    ...(stageTakesReason(stage) ? REASON_CODES.map((reason) => ({ stage, reason })) : []),
  ]);
}

export interface GuidanceText {
  whereMoney: string | null;
  next: string | null;
  actionLabel: string | null;
}

/** An admin's row: a null field falls back (see resolveGuidance). */
export interface GuidanceOverride {
  stage: GuidedStage;
  reason: GuidanceReason;
  text: Record<GuidanceLocale, GuidanceText>;
  /** with {reference} and {external_id}; checked when saved and again when shown */
  actionUrl: string | null;
}

type CatalogStage = {
  whereMoney: string;
  next: string;
  action: string;
  reasons?: Record<string, Partial<Record<"whereMoney" | "next" | "action", string>>>;
};
const CATALOGS: Record<GuidanceLocale, Record<GuidedStage, CatalogStage>> = {
  en: en.guidance,
  de: de.guidance,
};

/** The built-in texts of one row: the stage's row is complete, a reason's has only what differs (else null). */
export function builtInGuidance(stage: GuidedStage, reason: GuidanceReason, locale: GuidanceLocale): GuidanceText {
  const entry = CATALOGS[locale][stage];
  if (reason === "NONE") {
    return { whereMoney: entry.whereMoney, next: entry.next, actionLabel: entry.action };
  }
  const own = entry.reasons?.[reason] ?? {};
  return { whereMoney: own.whereMoney ?? null, next: own.next ?? null, actionLabel: own.action ?? null };
}

export interface GuidancePayout {
  stage: Stage;
  reasonCode: ReasonCode | null;
  /** the platform's link (ingest `action_url`) */
  actionUrl: string | null;
  reference: string;
  externalId: string;
}

/** Where links may point: ACTION_URL_HOSTS, and (admins' links only) the app's own host. */
export interface LinkRules {
  hosts: readonly string[];
  appHost: string | null;
}

export interface CustomerGuidance {
  /** "The money is back in your balance." */
  whereMoney: string | null;
  /** "We will try again once you update your bank details." */
  next: string | null;
  /** the button: the platform's link, else the admins' default for the stage and reason */
  action: { url: string; label: string } | null;
}

export const NO_GUIDANCE: CustomerGuidance = { whereMoney: null, next: null, action: null };

/** The row a payout reads: null on the happy path (it needs no guidance). */
export function guidanceKeyFor(payout: {
  stage: Stage;
  reasonCode: ReasonCode | null;
}): { stage: GuidedStage; reason: GuidanceReason } | null {
  if (!isGuidedStage(payout.stage)) {
    return null;
  }
  return {
    stage: payout.stage,
    reason: stageTakesReason(payout.stage) && payout.reasonCode ? payout.reasonCode : "NONE",
  };
}

/**
 * The guidance a customer reads. Each text, most specific first: the admins' row for the
 * stage and reason, the built-in one for them, the admins' row for the stage, the built-in
 * one for the stage. The button's link: the platform's `action_url` (while its host is
 * still allowed), else the admins' link for the stage and reason, else for the stage, with
 * {reference} and {external_id} filled in URL-encoded — shown only if it passes the same
 * rules (https, allowed host). No link, no button.
 */
export function resolveGuidance(
  payout: GuidancePayout,
  locale: GuidanceLocale,
  overrides: readonly GuidanceOverride[],
  links: LinkRules,
): CustomerGuidance {
  const key = guidanceKeyFor(payout);
  if (!key) {
    return NO_GUIDANCE;
  }
  const text = guidanceTexts(key.stage, key.reason, locale, overrides);
  const url = actionLink(payout, defaultActionUrls(key.stage, key.reason, overrides), links);
  return {
    whereMoney: text.whereMoney,
    next: text.next,
    action: url && text.actionLabel ? { url, label: text.actionLabel } : null,
  };
}

/** The texts of a stage and reason, each most specific first (see resolveGuidance). */
export function guidanceTexts(
  stage: GuidedStage,
  reason: GuidanceReason,
  locale: GuidanceLocale,
  overrides: readonly GuidanceOverride[],
): GuidanceText {
  const own = reason === "NONE" ? undefined : findRow(overrides, stage, reason);
  const stageRow = findRow(overrides, stage, "NONE");
  const ownBuiltIn = builtInGuidance(stage, reason, locale);
  const stageBuiltIn = builtInGuidance(stage, "NONE", locale);
  const pick = (field: keyof GuidanceText): string | null =>
    nonBlank(own?.text[locale][field]) ??
    nonBlank(ownBuiltIn[field]) ??
    nonBlank(stageRow?.text[locale][field]) ??
    nonBlank(stageBuiltIn[field]);
  return { whereMoney: pick("whereMoney"), next: pick("next"), actionLabel: pick("actionLabel") };
}

/** The admins' default links for a stage and reason, most specific first (unfilled). */
export function defaultActionUrls(
  stage: GuidedStage,
  reason: GuidanceReason,
  overrides: readonly GuidanceOverride[],
): string[] {
  return [reason === "NONE" ? undefined : findRow(overrides, stage, reason), findRow(overrides, stage, "NONE")]
    .map((row) => row?.actionUrl)
    .filter((url): url is string => Boolean(url));
}

function findRow(overrides: readonly GuidanceOverride[], stage: GuidedStage, reason: GuidanceReason) {
  return overrides.find((o) => o.stage === stage && o.reason === reason);
}

function nonBlank(text: string | null | undefined): string | null {
  return text && text.trim() !== "" ? text : null;
}

function actionLink(payout: GuidancePayout, defaults: readonly string[], links: LinkRules): string | null {
  if (payout.actionUrl && actionUrlProblem(payout.actionUrl, links.hosts) === null) {
    return payout.actionUrl;
  }
  const allowed = links.appHost && !links.hosts.includes(links.appHost) ? [...links.hosts, links.appHost] : links.hosts;
  for (const template of defaults) {
    const url = fillActionUrl(template, { reference: payout.reference, externalId: payout.externalId });
    if (actionUrlProblem(url, allowed) === null) {
      return url;
    }
  }
  return null;
}
