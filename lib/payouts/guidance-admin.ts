import { z } from "zod";
import type { AppLocale } from "@/i18n/locale";
import { recordAudit } from "../audit/log";
import type { Db } from "../db/client";
import { prismaSql } from "../db/sql";
import { actionTemplateProblem, fillActionUrl, SAMPLE_ACTION_VALUES } from "./action-url";
import { linkRules, loadGuidanceOverrides, toOverride } from "./guidance";
import {
  builtInGuidance,
  GUIDANCE_LOCALES,
  GUIDED_STAGES,
  type GuidanceOverride,
  type GuidanceReason,
  type GuidanceText,
  type GuidedStage,
  guidanceKeys,
  type LinkRules,
  resolveGuidance,
  stageTakesReason,
} from "./guidance-rules";
import { REASON_CODES } from "./stages";

// /admin/actions: the admins' guidance per stage and reason (where the money is, what
// happens next, a default link and its label). Saved and reset with an audit entry; read
// by customerGuidance on every view, so a change shows at once.

/** Longest texts: they go into text messages too. */
export const MAX_GUIDANCE_TEXT = 240;
export const MAX_ACTION_LABEL = 40;

const ZText = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .refine((v) => !/[\p{Cc}\p{Cs}]/u.test(v.replace(/\s/g, " ")), "no control characters")
    .transform((v) => v.replace(/\s+/g, " ").trim())
    .transform((v) => (v === "" ? null : v))
    .nullable();

export const ZGuidanceKey = z
  .object({
    stage: z.enum(GUIDED_STAGES),
    reason: z.enum([...REASON_CODES, "NONE"]),
  })
  .refine((k) => k.reason === "NONE" || stageTakesReason(k.stage), {
    message: "This stage has no reasons.",
    path: ["reason"],
  });

export const ZGuidanceChange = z
  .object({
    stage: z.enum(GUIDED_STAGES),
    reason: z.enum([...REASON_CODES, "NONE"]),
    whereMoneyEn: ZText(MAX_GUIDANCE_TEXT),
    whereMoneyDe: ZText(MAX_GUIDANCE_TEXT),
    nextEn: ZText(MAX_GUIDANCE_TEXT),
    nextDe: ZText(MAX_GUIDANCE_TEXT),
    actionLabelEn: ZText(MAX_ACTION_LABEL),
    actionLabelDe: ZText(MAX_ACTION_LABEL),
    /** with {reference} and {external_id}; empty = none */
    actionUrl: z
      .string()
      .max(2048, "at most 2048 characters")
      .transform((v) => (v.trim() === "" ? null : v.trim()))
      .nullable(),
  })
  .refine((k) => k.reason === "NONE" || stageTakesReason(k.stage), {
    message: "This stage has no reasons.",
    path: ["reason"],
  });
export type TGuidanceChange = z.output<typeof ZGuidanceChange>;

export type GuidanceSaveResult = { ok: true } | { ok: false; problems: { field: string; message: string }[] };

function auditValue(row: GuidanceOverride | undefined) {
  return row ? { text: { en: { ...row.text.en }, de: { ...row.text.de } }, actionUrl: row.actionUrl } : {};
}

/**
 * Saves an admin's row (a field left empty uses the built-in text), audited. The link must
 * be https on ACTION_URL_HOSTS or the app's own host, with only {reference} and
 * {external_id} as placeholders; refused input changes nothing.
 */
export async function saveGuidance(
  db: Db,
  staffId: string,
  change: TGuidanceChange,
  links: LinkRules = linkRules(),
): Promise<GuidanceSaveResult> {
  if (change.actionUrl) {
    const problem = actionTemplateProblem(change.actionUrl, links.hosts, links.appHost);
    if (problem) {
      return { ok: false, problems: [{ field: "actionUrl", message: `Link: ${problem}.` }] };
    }
  }
  const row = toOverride(change);
  const empty =
    row.actionUrl === null && GUIDANCE_LOCALES.every((l) => Object.values(row.text[l]).every((v) => v === null));
  if (empty) {
    return resetGuidance(db, staffId, { stage: change.stage, reason: change.reason });
  }
  await db.$transaction(async (tx) => {
    const before = (await loadGuidanceOverrides(prismaSql(tx), change.stage)).find((o) => o.reason === change.reason);
    await tx.guidanceOverride.upsert({
      where: { stage_reason: { stage: change.stage, reason: change.reason } },
      create: { ...fields(change), stage: change.stage, reason: change.reason, updatedById: staffId },
      update: { ...fields(change), updatedById: staffId },
    });
    await recordAudit(tx, {
      staffId,
      action: "GUIDANCE_SAVED",
      target: `${change.stage} ${change.reason}`,
      before: auditValue(before),
      after: auditValue(row),
    });
  });
  return { ok: true };
}

function fields(change: TGuidanceChange) {
  return {
    whereMoneyEn: change.whereMoneyEn,
    whereMoneyDe: change.whereMoneyDe,
    nextEn: change.nextEn,
    nextDe: change.nextDe,
    actionUrl: change.actionUrl,
    actionLabelEn: change.actionLabelEn,
    actionLabelDe: change.actionLabelDe,
  };
}

/** Removes an admin's row: the built-in texts (and no default link) apply again. Audited when there was one. */
export async function resetGuidance(
  db: Db,
  staffId: string,
  key: { stage: GuidedStage; reason: GuidanceReason },
): Promise<{ ok: true }> {
  await db.$transaction(async (tx) => {
    const before = (await loadGuidanceOverrides(prismaSql(tx), key.stage)).find((o) => o.reason === key.reason);
    if (!before) {
      return;
    }
    await tx.guidanceOverride.delete({ where: { stage_reason: { stage: key.stage, reason: key.reason } } });
    await recordAudit(tx, {
      staffId,
      action: "GUIDANCE_RESET",
      target: `${key.stage} ${key.reason}`,
      before: auditValue(before),
      after: {},
    });
  });
  return { ok: true };
}

export interface GuidanceListRow {
  stage: GuidedStage;
  reason: GuidanceReason;
  /** the admins' row, if any */
  override: GuidanceOverride | null;
  /** the catalog's texts for this row (a reason's: only what differs from its stage, else null) */
  builtIn: Record<AppLocale, GuidanceText>;
  /** what a customer reads with no platform link, sample payout filled in */
  effective: Record<AppLocale, ReturnType<typeof resolveGuidance>>;
}

/** Every row of /admin/actions with its built-in, custom and effective texts. */
export async function listGuidance(db: Db, links: LinkRules = linkRules()): Promise<GuidanceListRow[]> {
  const overrides = await loadGuidanceOverrides(db);
  return guidanceKeys().map(({ stage, reason }) => {
    const sample = {
      stage,
      reasonCode: reason === "NONE" ? null : reason,
      actionUrl: null,
      reference: SAMPLE_ACTION_VALUES.reference,
      externalId: SAMPLE_ACTION_VALUES.externalId,
    };
    return {
      stage,
      reason,
      override: overrides.find((o) => o.stage === stage && o.reason === reason) ?? null,
      builtIn: { en: builtInGuidance(stage, reason, "en"), de: builtInGuidance(stage, reason, "de") },
      effective: {
        en: resolveGuidance(sample, "en", overrides, links),
        de: resolveGuidance(sample, "de", overrides, links),
      },
    };
  });
}

/** The admin's link for the sample payout, as a customer would get it (or null). */
export function previewActionUrl(template: string | null): string | null {
  return template ? fillActionUrl(template, SAMPLE_ACTION_VALUES) : null;
}
