import { z } from "zod";
import type { AppLocale } from "../../i18n/locale";
import de from "../../messages/de.json" with { type: "json" };
import en from "../../messages/en.json" with { type: "json" };
import { recordAudit } from "../audit/log";
import { type Cache, createCache, sharedCache } from "../cache/cache";
import type { Db } from "../db/client";
import type { Sql } from "../db/sql";
import { smsSegments, toGsm7 } from "../notifications/gsm7";
import {
  checkTemplate,
  fillTemplate,
  isTemplateTopic,
  LONGEST_VALUES,
  MAX_SMS_SEGMENTS,
  TEMPLATE_CHANNELS,
  type TemplateChannel,
  type TemplateProblem,
  type TemplateTopic,
  type TemplateValues,
} from "./templates";

const key = (channel: TemplateChannel, topic: string, locale: AppLocale) => `${channel}|${topic}|${locale}`;

/** The newest text of every template an admin has set, by key(); a reset one is absent. */
export type TemplateCache = Cache<Sql, ReadonlyMap<string, string>>;

async function readTemplates(sql: Sql): Promise<ReadonlyMap<string, string>> {
  const rows = await sql.rows<{ channel: TemplateChannel; topic: string; locale: AppLocale; body: string | null }>(
    `select distinct on (channel, topic, locale) channel::text as channel, topic, locale::text as locale, body
       from message_template_versions
      order by channel, topic, locale, created_at desc, id desc`,
  );
  const map = new Map<string, string>();
  for (const row of rows) {
    if (row.body !== null) {
      map.set(key(row.channel, row.topic, row.locale), row.body);
    }
  }
  return map;
}

/** At most 2 s old: an admin's change reaches every page and every worker within 2 seconds. */
const TEMPLATE_OPTIONS = { ttlMs: 2_000, load: readTemplates, initial: () => new Map<string, string>() };

/** This process's templates: empty (every text built in) until refreshTemplates or loadTemplates reads them. */
const TEMPLATES: TemplateCache = sharedCache("templates", TEMPLATE_OPTIONS);

/** Templates of their own (tests: another process). */
export function newTemplateCache(): TemplateCache {
  return createCache(TEMPLATE_OPTIONS);
}

/** The current admin text for (channel, topic, locale), or null for the built-in one. */
export function templateFor(
  channel: TemplateChannel,
  topic: string,
  locale: AppLocale,
  templates: TemplateCache = TEMPLATES,
): string | null {
  return templates.peek().get(key(channel, topic, locale)) ?? null;
}

/** Reads the newest version of every template into this process. */
export async function loadTemplates(sql: Sql, templates: TemplateCache = TEMPLATES): Promise<void> {
  await templates.load(sql);
}

/** Reads them again when they are 2 s old: every page and message reads templateFor after it. */
export async function refreshTemplates(sql: Sql, templates: TemplateCache = TEMPLATES): Promise<void> {
  await templates.get(sql);
}

const catalogs = { en, de } as const;

/** The longest text a reason placeholder can take in a language: SMS templates are measured with it. */
function longestValues(locale: AppLocale): TemplateValues {
  const reasons = Object.values(catalogs[locale].reasons) as { title: string; action: string }[];
  const longest = (pick: (r: { title: string; action: string }) => string) =>
    reasons.map(pick).reduce((a, b) => (b.length > a.length ? b : a), "");
  return { ...LONGEST_VALUES[locale], reason: longest((r) => r.title), action: longest((r) => r.action) };
}

/** Every problem with a template: its text, and for SMS its length with the longest values (at most two segments). */
export function validateTemplate(channel: TemplateChannel, locale: AppLocale, body: string): TemplateProblem[] {
  const problems = checkTemplate(body);
  if (problems.length === 0 && channel === "SMS") {
    const longest = smsSegments(toGsm7(fillTemplate(body, longestValues(locale))));
    if (longest.segments > MAX_SMS_SEGMENTS) {
      problems.push({
        code: "SMS_TOO_LONG",
        segments: longest.segments,
        message: `With the longest values this SMS needs ${longest.segments} segments (${longest.characters} ${longest.encoding} characters); at most ${MAX_SMS_SEGMENTS} are allowed.`,
      });
    }
  }
  return problems;
}

export const ZTemplateChange = z.object({
  channel: z.enum(TEMPLATE_CHANNELS),
  topic: z.string().refine(isTemplateTopic, "Unknown stage or reason."),
  locale: z.enum(["en", "de"]),
  /** null = reset to the built-in text */
  body: z.string().max(5_000).nullable(),
});

export type TemplateChangeResult = { ok: true } | { ok: false; problems: TemplateProblem[] };

/** Saves a new version (or a reset), audited; this process uses it at once. Refused texts change nothing. */
export async function saveTemplate(
  db: Db,
  staffId: string,
  change: z.output<typeof ZTemplateChange>,
  templates: TemplateCache = TEMPLATES,
): Promise<TemplateChangeResult> {
  const body = change.body === null ? null : change.body.replace(/\r\n/g, "\n");
  if (body !== null) {
    const problems = validateTemplate(change.channel, change.locale, body);
    if (problems.length > 0) {
      return { ok: false, problems };
    }
  }
  await db.$transaction(async (tx) => {
    const before = await tx.messageTemplateVersion.findFirst({
      where: { channel: change.channel, topic: change.topic, locale: change.locale },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    await tx.messageTemplateVersion.create({
      data: { channel: change.channel, topic: change.topic, locale: change.locale, body, createdById: staffId },
    });
    await recordAudit(tx, {
      staffId,
      action: body === null ? "TEMPLATE_RESET" : "TEMPLATE_SAVED",
      target: `${change.channel} ${change.topic} ${change.locale}`,
      before: { body: before?.body ?? null },
      after: { body },
    });
  });
  templates.update((current) => {
    const map = new Map(current);
    if (body === null) {
      map.delete(key(change.channel, change.topic, change.locale));
    } else {
      map.set(key(change.channel, change.topic, change.locale), body);
    }
    return map;
  });
  return { ok: true };
}

/** Every version of one template, newest first, with who saved it. */
export async function templateHistory(db: Db, channel: TemplateChannel, topic: TemplateTopic, locale: AppLocale) {
  const versions = await db.messageTemplateVersion.findMany({
    where: { channel, topic, locale },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 50,
  });
  const staff = await db.staffUser.findMany({
    where: { id: { in: [...new Set(versions.map((v) => v.createdById))] } },
    select: { id: true, email: true },
  });
  const who = new Map(staff.map((s) => [s.id, s.email]));
  return versions.map((v) => ({ ...v, by: who.get(v.createdById) ?? "unknown" }));
}
