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

interface OverrideRow {
  stage: GuidedStage;
  reason: GuidanceReason;
  where_money_en: string | null;
  where_money_de: string | null;
  next_en: string | null;
  next_de: string | null;
  action_url: string | null;
  action_label_en: string | null;
  action_label_de: string | null;
}

const SELECT = `select stage::text as stage, reason, where_money_en, where_money_de, next_en, next_de, action_url,
  action_label_en, action_label_de from guidance_overrides`;

function rows(source: GuidanceSource, text: string, values: unknown[]): Promise<OverrideRow[]> {
  return "rows" in source
    ? source.rows<OverrideRow>(text, values)
    : source.$queryRawUnsafe<OverrideRow[]>(text, ...values);
}

function toOverride(r: OverrideRow): GuidanceOverride {
  return {
    stage: r.stage,
    reason: r.reason,
    text: {
      en: { whereMoney: r.where_money_en, next: r.next_en, actionLabel: r.action_label_en },
      de: { whereMoney: r.where_money_de, next: r.next_de, actionLabel: r.action_label_de },
    },
    actionUrl: r.action_url,
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
