import { isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/max";
import type pg from "pg";
import { z } from "zod";
import type { AppLocale } from "@/i18n/locale";
import { recordAudit } from "../audit/log";
import { type Cache, sharedCache } from "../cache/cache";
import type { Db } from "../db/client";
import { poolSql } from "../db/sql";
import { PAYOUT_METHODS, type PayoutMethod, RAILS } from "../eta/estimate";
import { addWorkingHours } from "../eta/working-time";
import { ZUtcMinute } from "../format/utc-minute";
import { JOB } from "../jobs/names";
import { applyEvent } from "../payouts/apply-event";
import { NOTIFY_NOTICES_CHANGED_SQL, noticeScopePayload } from "../payouts/live-updates";
import { HAPPY_PATH, REASON_CODES } from "../payouts/stages";

const ZMessage = (language: string) =>
  z
    .string()
    .trim()
    .min(10, `The ${language} text needs at least 10 characters.`)
    .max(300, `The ${language} text may have at most 300 characters.`);

/** "DE, at" → ["DE", "AT"]; every code must be a country libphonenumber knows. */
const ZCountries = z
  .string()
  .max(200)
  .transform((value) =>
    value
      .split(/[\s,;]+/)
      .map((c) => c.trim().toUpperCase())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.string().refine((c) => /^[A-Z]{2}$/.test(c) && isSupportedCountry(c), {
        error: (issue) => `"${String(issue.input)}" is not a two-letter country code such as DE, AT or GB.`,
      }),
    ),
  )
  .transform((codes) => [...new Set(codes)]);

/** A customer's country, as far as notices are concerned: where their mobile number is from. */
export function customerCountry(phone: string | null): string | null {
  return phone ? (parsePhoneNumberFromString(phone)?.country ?? null) : null;
}

/** Whether a notice concerns a payout: its method, and its customer's country when the notice names countries. */
export function noticeApplies(
  notice: { methods: readonly string[]; countries: readonly string[] },
  method: string,
  country: string | null,
): boolean {
  return (
    notice.methods.includes(method) &&
    (notice.countries.length === 0 || (country !== null && notice.countries.includes(country)))
  );
}

export const ZNotice = z
  .object({
    methods: z.array(z.enum(PAYOUT_METHODS)).min(1, "Choose at least one payout method."),
    /** empty = every country */
    countries: ZCountries.default([]),
    startsAt: ZUtcMinute("Start"),
    endsAt: ZUtcMinute("End"),
    messageEn: ZMessage("English"),
    messageDe: ZMessage("German"),
    etaShiftHours: z.coerce.number().int().min(0).max(240, "Shift the ETA by at most 240 business hours."),
    reasonCode: z.enum(REASON_CODES),
  })
  .refine((n) => n.endsAt > n.startsAt, { path: ["endsAt"], message: "The end must come after the start." });
export type TNotice = z.output<typeof ZNotice>;

/**
 * Publishes a notice (and its audit entry). With an ETA shift, a job moves the ETAs of the
 * affected open payouts out once (applyNoticeShift), in the same transaction. Open pages
 * it concerns show it at once (NOTIFY notices_changed on commit; see live-updates.ts).
 */
export async function publishNotice(
  db: Db,
  input: TNotice,
  staffId: string,
  now: Date = new Date(),
): Promise<{ ok: true; id: string } | { ok: false; message: string }> {
  if (input.endsAt <= now) {
    return { ok: false, message: "The end must lie in the future." };
  }
  const published = await db.$transaction(async (tx) => {
    const notice = await tx.incidentNotice.create({ data: { ...input, staffId } });
    await tx.$executeRawUnsafe(NOTIFY_NOTICES_CHANGED_SQL, noticeScopePayload(input));
    await recordAudit(tx, {
      staffId,
      action: "NOTICE_PUBLISHED",
      target: notice.id,
      before: {},
      after: { ...input, startsAt: input.startsAt.toISOString(), endsAt: input.endsAt.toISOString() },
    });
    if (input.etaShiftHours > 0) {
      await tx.$executeRawUnsafe(
        // When the notice starts: the payouts open then are the ones it concerns.
        `select graphile_worker.add_job('${JOB.shiftNoticeEtas}', json_build_object('id', $1::text), run_at := $2::timestamptz, job_key := 'notice:' || $1::text)`,
        notice.id,
        input.startsAt > now ? input.startsAt : now,
      );
    }
    return { ok: true as const, id: notice.id };
  });
  NOTICES.invalidate();
  return published;
}

/** Ends a notice now (customers stop seeing it, open pages at once; shifted ETAs stay). */
export async function endNotice(db: Db, id: string, staffId: string, now: Date = new Date()) {
  const ended = await db.$transaction(async (tx) => {
    const notice = await tx.incidentNotice.findUnique({
      where: { id },
      select: { endsAt: true, methods: true, countries: true },
    });
    if (!notice || notice.endsAt <= now) {
      return { ok: false as const, message: "This notice has already ended." };
    }
    await tx.incidentNotice.update({ where: { id }, data: { endsAt: now } });
    await tx.$executeRawUnsafe(NOTIFY_NOTICES_CHANGED_SQL, noticeScopePayload(notice));
    await recordAudit(tx, {
      staffId,
      action: "NOTICE_ENDED",
      target: id,
      before: { endsAt: notice.endsAt.toISOString() },
      after: { endsAt: now.toISOString() },
    });
    return { ok: true as const };
  });
  NOTICES.invalidate();
  return ended;
}

const OPEN_STAGES = HAPPY_PATH.filter((stage) => stage !== "COMPLETED");

/**
 * Moves the ETA of every open payout of the notice's methods out by its shift, once:
 * each payout's event id names the notice, so a second run changes nothing. Customers
 * whose ETA moved later by more than the threshold are told (ETA_MOVED).
 */
export async function applyNoticeShift(pool: pg.Pool, noticeId: string, now: Date = new Date()) {
  const sql = poolSql(pool);
  const [notice] = await sql.rows<{
    staff_id: string;
    methods: string[];
    countries: string[];
    eta_shift_hours: number;
    reason_code: string;
  }>(
    `select staff_id, methods::text[] as methods, countries, eta_shift_hours, reason_code::text as reason_code
       from incident_notices where id = $1`,
    [noticeId],
  );
  if (!notice || notice.eta_shift_hours <= 0) {
    return { shifted: 0 };
  }
  let shifted = 0;
  let after = "";
  for (;;) {
    const batch = await sql.rows<{ id: string; eta_at: Date; method: PayoutMethod; phone: string | null }>(
      `select p.id, p.eta_at, p.method::text as method, c.phone from payouts p join customers c on c.id = p.customer_id
        where p.method::text = any($1::text[]) and p.stage = any($2::"Stage"[]) and p.eta_at is not null and p.id > $3
        order by p.id limit 200`,
      [notice.methods, OPEN_STAGES, after],
    );
    if (batch.length === 0) {
      break;
    }
    for (const payout of batch) {
      if (!noticeApplies(notice, payout.method, customerCountry(payout.phone))) {
        continue;
      }
      const result = await applyEvent(
        {
          eventId: `notice_${noticeId}_${payout.id}`,
          occurredAt: now,
          source: { kind: "ADMIN", staffId: notice.staff_id },
          payout: { id: payout.id },
          // the shift is in the rail's banking hours: an outage over a weekend costs no weekend
          eta: addWorkingHours(RAILS[payout.method].calendar, payout.eta_at, notice.eta_shift_hours),
          etaSource: "NOTICE",
          etaReason: notice.reason_code as (typeof REASON_CODES)[number],
          // Shift the ETA it had when read; one recomputed or overridden since then is left alone.
          onlyIf: {
            test: (locked) => locked.etaAt !== null && locked.etaAt.getTime() === payout.eta_at.getTime(),
            message: "The payout's ETA changed since the notice job read it.",
          },
        },
        { pool, now: () => now },
      );
      if (result.ok && result.result === "applied") {
        shifted++;
      }
    }
    after = batch.at(-1)?.id ?? after;
  }
  await sql.run("update incident_notices set shifted_at = coalesce(shifted_at, $2) where id = $1", [noticeId, now]);
  return { shifted };
}

export interface ActiveNotice {
  id: string;
  message: string;
  endsAt: Date;
}

interface CachedNotice {
  id: string;
  methods: PayoutMethod[];
  countries: string[];
  messageEn: string;
  messageDe: string;
  startsAt: Date;
  endsAt: Date;
}

/** The notices not yet ended (running or to come), newest start first. */
export type NoticeCache = Cache<Db, CachedNotice[]>;

/**
 * This process's notices: every payout page asks and notices change rarely, so they are
 * read at most every 5 seconds. A notice published or ended is seen at once: here
 * (publishNotice and endNotice drop them) and in every process with an open live page (NOTIFY
 * notices_changed, lib/payouts/live-updates.ts); otherwise within 5 s.
 */
const NOTICES: NoticeCache = sharedCache("notices", {
  ttlMs: 5_000,
  channel: "notices_changed",
  initial: () => [],
  load: (db, now) =>
    db.incidentNotice.findMany({
      where: { endsAt: { gt: now } },
      orderBy: { startsAt: "desc" },
      select: {
        id: true,
        methods: true,
        countries: true,
        messageEn: true,
        messageDe: true,
        startsAt: true,
        endsAt: true,
      },
    }),
});

/** The notices running now for a payout method (and its customer's country), in the reader's language. */
export async function cachedActiveNotices(
  db: Db,
  method: PayoutMethod,
  locale: AppLocale,
  now: Date = new Date(),
  country: string | null = null,
  notices: NoticeCache = NOTICES,
): Promise<ActiveNotice[]> {
  const rows = await notices.get(db, now);
  return rows
    .filter((r) => noticeApplies(r, method, country) && r.startsAt <= now && r.endsAt > now)
    .map((r) => ({ id: r.id, message: locale === "de" ? r.messageDe : r.messageEn, endsAt: r.endsAt }));
}

/**
 * When the notices shown for a payout change next by the clock alone: the next start or end
 * of a notice that concerns it, or null. The live route refreshes an open page then.
 */
export async function nextNoticeChange(
  db: Db,
  method: string,
  country: string | null,
  now: Date = new Date(),
  notices: NoticeCache = NOTICES,
): Promise<Date | null> {
  const rows = await notices.get(db, now);
  let next: Date | null = null;
  for (const r of rows) {
    if (!noticeApplies(r, method, country)) {
      continue;
    }
    for (const at of [r.startsAt, r.endsAt]) {
      if (at > now && (!next || at < next)) {
        next = at;
      }
    }
  }
  return next;
}
