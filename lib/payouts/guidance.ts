import type { Db, Tx } from "../db/client";
import type { Sql } from "../db/sql";
import { actionUrlHosts, runtimeSettings } from "../env";
import {
  type CustomerGuidance,
  type GuidanceLocale,
  type GuidanceOverride,
  type GuidancePayout,
  type GuidanceReason,
  type GuidedStage,
  guidanceKeyFor,
  type LinkRules,
  NO_GUIDANCE,
  resolveGuidance,
} from "./guidance-rules";

export type { CustomerGuidance, GuidancePayout } from "./guidance-rules";

/** Anything that runs a query: Prisma (client or transaction) or hand-written SQL (lib/db/sql.ts). */
export type GuidanceSource = Db | Tx | Pick<Sql, "rows">;

/** An admin's row by its columns (guidance_overrides), as stored and as the form sends it. */
export interface GuidanceColumns {
  stage: GuidedStage;
  reason: GuidanceReason;
  whereMoneyEn: string | null;
  whereMoneyDe: string | null;
  nextEn: string | null;
  nextDe: string | null;
  actionUrl: string | null;
  actionLabelEn: string | null;
  actionLabelDe: string | null;
}

const SELECT = `select stage::text as stage, reason, where_money_en as "whereMoneyEn", where_money_de as "whereMoneyDe",
  next_en as "nextEn", next_de as "nextDe", action_url as "actionUrl", action_label_en as "actionLabelEn",
  action_label_de as "actionLabelDe" from guidance_overrides`;

function rows(source: GuidanceSource, text: string, values: unknown[]): Promise<GuidanceColumns[]> {
  return "rows" in source
    ? source.rows<GuidanceColumns>(text, values)
    : source.$queryRawUnsafe<GuidanceColumns[]>(text, ...values);
}

/** The row as the rules read it (lib/payouts/guidance-rules.ts): texts per locale. */
export function toOverride(r: GuidanceColumns): GuidanceOverride {
  return {
    stage: r.stage,
    reason: r.reason,
    text: {
      en: { whereMoney: r.whereMoneyEn, next: r.nextEn, actionLabel: r.actionLabelEn },
      de: { whereMoney: r.whereMoneyDe, next: r.nextDe, actionLabel: r.actionLabelDe },
    },
    actionUrl: r.actionUrl,
  };
}

/** The admins' rows: all of them, or one stage's (its own row and its reasons'). */
export async function loadGuidanceOverrides(source: GuidanceSource, stage?: GuidedStage): Promise<GuidanceOverride[]> {
  const found = stage
    ? await rows(source, `${SELECT} where stage = $1::"Stage"`, [stage])
    : await rows(source, SELECT, []);
  return found.map(toOverride);
}

/** ACTION_URL_HOSTS, and the app's own host (APP_URL) for admins' links into this app. */
export function linkRules(): LinkRules {
  return { hosts: actionUrlHosts(), appHost: new URL(runtimeSettings().appUrl).hostname };
}

/**
 * What a customer reads about a stopped payout (ACTION_REQUIRED, ON_HOLD, FAILED, RETURNED,
 * CANCELED): where the money is, what happens next, and a button to where they act — the
 * platform's `action_url`, else the admins' default link (/admin/actions) with the payout's
 * reference and external id filled in. All null on the happy path. One query (none on the
 * happy path); an admin's change shows at once. Rules: resolveGuidance (guidance-rules.ts).
 */
export async function customerGuidance(
  source: GuidanceSource,
  payout: GuidancePayout,
  locale: GuidanceLocale,
  links: LinkRules = linkRules(),
): Promise<CustomerGuidance> {
  const key = guidanceKeyFor(payout);
  if (!key) {
    return NO_GUIDANCE;
  }
  const overrides = await loadGuidanceOverrides(source, key.stage);
  return resolveGuidance(payout, locale, overrides, links);
}
