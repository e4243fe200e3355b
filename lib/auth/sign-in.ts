import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import type { AppLocale } from "../../i18n/locale";
import type { Db, Tx } from "../db/client";
import type { Sql } from "../db/sql";
import { redact } from "../notifications/redact";
import { hitRateLimit } from "../rate-limit/fixed-window";
import { type AccessChannels, renderSignInSms, sendAccessMessage } from "./access-messages";
import { createSession, isKnownEmail, isKnownPhone, normalizeEmail, normalizePhone, userForIdentity } from "./identity";

/** The abuse limits (docs/access.md, "Sign-in"); all counted in PostgreSQL, so they hold across processes. */
export const SIGN_IN_LIMITS = {
  /** sign-in requests per email address and per phone number */
  perAddress: { limit: 5, windowSeconds: 15 * 60 },
  /** sign-in requests and code checks per client IP (SIGN_IN_LIMIT_PER_IP overrides the limit) */
  perIp: { limit: 20, windowSeconds: 15 * 60 },
  /** SMS codes per number per UTC day, against SMS pumping */
  smsPerDay: { limit: 10, windowSeconds: 24 * 60 * 60 },
  codeTtlMs: 10 * 60 * 1000,
  /** wrong codes per number, then locked for `lockMs` */
  maxWrongCodes: 5,
  lockMs: 15 * 60 * 1000,
} as const;

export interface SignInDeps {
  db: Db;
  sql: Sql;
  channels: AccessChannels;
  /** AUTH_SECRET: codes are stored as an HMAC with it */
  secret: string;
  ipLimit?: number;
  now?: () => Date;
  /** a line for the operator; "warn" when something the person asked for did not happen */
  log?: (line: string, level?: "info" | "warn") => void;
  /**
   * Runs a send after the answer has gone out (the web process passes next/server's
   * after()), so that a known address does not answer slower than an unknown one, which
   * gets nothing sent. Without it the send is awaited (tests).
   */
  background?: (task: () => Promise<void>) => Promise<void>;
}

export type SignInRefusal =
  | { ok: false; error: "invalidEmail" | "invalidPhone" | "invalidCode" | "smsDailyLimit" }
  | { ok: false; error: "tooMany" | "locked"; retryAfterSeconds: number }
  | { ok: false; error: "wrongCode"; triesLeft: number };

export function hashCode(secret: string, phone: string, code: string): string {
  return createHmac("sha256", secret).update(`sign-in-code:${phone}:${code}`).digest("hex");
}

async function limited(
  sql: Sql,
  key: string,
  rule: { limit: number; windowSeconds: number },
  now: Date,
): Promise<SignInRefusal | null> {
  const hit = await hitRateLimit(sql, key, rule.limit, rule.windowSeconds, now);
  return hit.allowed ? null : { ok: false, error: "tooMany", retryAfterSeconds: hit.retryAfterSeconds };
}

async function requestLimits(deps: SignInDeps, address: string, ip: string, now: Date): Promise<SignInRefusal | null> {
  const perIp = { ...SIGN_IN_LIMITS.perIp, limit: deps.ipLimit ?? SIGN_IN_LIMITS.perIp.limit };
  return (
    (await limited(deps.sql, `sign-in:ip:${ip}`, perIp, now)) ??
    (await limited(deps.sql, `sign-in:address:${address}`, SIGN_IN_LIMITS.perAddress, now))
  );
}

/**
 * Asks for a magic link. The answer is the same whether or not the address is known; only
 * a known customer's (or, for staff, an active staff member's) address gets a link, sent by
 * `sendLink` (Auth.js's email provider).
 */
export async function requestEmailLink(
  deps: SignInDeps,
  input: { email: string; audience: "customer" | "staff"; ip: string },
  sendLink: (email: string) => Promise<void>,
): Promise<{ ok: true; email: string } | SignInRefusal> {
  const email = normalizeEmail(input.email);
  if (!email) {
    return { ok: false, error: "invalidEmail" };
  }
  const now = deps.now?.() ?? new Date();
  const refused = await requestLimits(deps, email, input.ip, now);
  if (refused) {
    return refused;
  }
  if (await isKnownEmail(deps.db, email, input.audience)) {
    await sendLink(email);
  } else {
    deps.log?.(`link asked for an unknown ${input.audience} address ${redact(email)}`);
  }
  return { ok: true, email };
}

/** When the number is locked after too many wrong codes: until then; else null. */
async function lockedUntil(db: Db | Tx, phone: string, now: Date): Promise<Date | null> {
  const failures = await db.signInFailure.findMany({
    where: { phone, at: { gt: new Date(now.getTime() - SIGN_IN_LIMITS.lockMs) } },
    orderBy: { at: "desc" },
    take: SIGN_IN_LIMITS.maxWrongCodes,
    select: { at: true },
  });
  if (failures.length < SIGN_IN_LIMITS.maxWrongCodes) {
    return null;
  }
  return new Date((failures[0]?.at ?? now).getTime() + SIGN_IN_LIMITS.lockMs);
}

function lockedRefusal(until: Date, now: Date): SignInRefusal {
  return {
    ok: false,
    error: "locked",
    retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
  };
}

/**
 * Sends a 6-digit code by SMS to a known customer's number; unknown numbers get the same
 * answer and no SMS. A new code replaces the previous one.
 */
export async function requestSmsCode(
  deps: SignInDeps,
  input: { phone: string; ip: string; locale: AppLocale },
): Promise<{ ok: true; phone: string } | SignInRefusal> {
  const phone = normalizePhone(input.phone);
  if (!phone) {
    return { ok: false, error: "invalidPhone" };
  }
  const now = deps.now?.() ?? new Date();
  const refused = await requestLimits(deps, phone, input.ip, now);
  if (refused) {
    return refused;
  }
  const until = await lockedUntil(deps.db, phone, now);
  if (until) {
    return lockedRefusal(until, now);
  }
  // Counted for every number, known or not, so that the limit tells nothing.
  const daily = await hitRateLimit(
    deps.sql,
    `sign-in:sms-day:${phone}`,
    SIGN_IN_LIMITS.smsPerDay.limit,
    SIGN_IN_LIMITS.smsPerDay.windowSeconds,
    now,
  );
  if (!daily.allowed) {
    return { ok: false, error: "smsDailyLimit" };
  }
  if (!(await isKnownPhone(deps.db, phone))) {
    deps.log?.(`code asked for an unknown number ${redact(phone)}`);
    return { ok: true, phone };
  }
  const locale =
    (await deps.db.customer.findFirst({ where: { phone }, orderBy: { updatedAt: "desc" }, select: { locale: true } }))
      ?.locale ?? input.locale;
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  await deps.db.$transaction([
    deps.db.signInCode.updateMany({ where: { phone, usedAt: null }, data: { usedAt: now } }),
    deps.db.signInCode.create({
      data: {
        phone,
        codeHash: hashCode(deps.secret, phone, code),
        expiresAt: new Date(now.getTime() + SIGN_IN_LIMITS.codeTtlMs),
        createdAt: now,
      },
    }),
  ]);
  await (deps.background ?? ((task) => task()))(async () => {
    const sent = await sendAccessMessage(deps.db, deps.channels, {
      channel: "SMS",
      purpose: "SIGN_IN_CODE",
      to: phone,
      text: renderSignInSms(locale, code),
      secret: code,
    });
    if (sent.status !== "sent") {
      deps.log?.(`code SMS to ${redact(phone)} not sent: ${redact(sent.error ?? "")}`, "warn");
    }
  });
  return { ok: true, phone };
}

/**
 * Checks a code: right → a new database session for the number's user (the caller sets the
 * cookie). Wrong, expired or no code at all count alike towards the lock.
 */
export async function verifySmsCode(
  deps: SignInDeps,
  input: { phone: string; code: string; ip: string },
): Promise<{ ok: true; token: string; expires: Date } | SignInRefusal> {
  const phone = normalizePhone(input.phone);
  if (!phone) {
    return { ok: false, error: "invalidPhone" };
  }
  const code = input.code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(code)) {
    return { ok: false, error: "invalidCode" };
  }
  const now = deps.now?.() ?? new Date();
  const perIp = { ...SIGN_IN_LIMITS.perIp, limit: deps.ipLimit ?? SIGN_IN_LIMITS.perIp.limit };
  const refused = await limited(deps.sql, `sign-in:verify-ip:${input.ip}`, perIp, now);
  if (refused) {
    return refused;
  }
  // One check at a time per number: guesses sent in parallel each see the failures of the
  // ones before, so the 5-tries lock holds against a burst (an advisory lock per number).
  const outcome = await deps.db.$transaction(
    async (tx): Promise<{ kind: "ok" } | { kind: "locked"; until: Date } | { kind: "wrong"; recent: number }> => {
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended(${`sign-in-code:${phone}`}, 0))`;
      const until = await lockedUntil(tx, phone, now);
      if (until) {
        return { kind: "locked", until };
      }
      const current = await tx.signInCode.findFirst({
        where: { phone, usedAt: null, expiresAt: { gt: now } },
        orderBy: { createdAt: "desc" },
      });
      const expected = current ? Buffer.from(current.codeHash, "hex") : null;
      const given = Buffer.from(hashCode(deps.secret, phone, code), "hex");
      if (current && expected && timingSafeEqual(expected, given)) {
        // Single use, also when the same code is submitted twice at once.
        const used = await tx.signInCode.updateMany({ where: { id: current.id, usedAt: null }, data: { usedAt: now } });
        if (used.count === 1) {
          return { kind: "ok" };
        }
      }
      if (current) {
        await tx.signInCode.update({ where: { id: current.id }, data: { attempts: { increment: 1 } } });
      }
      await tx.signInFailure.create({ data: { phone, at: now } });
      const lockNow = await lockedUntil(tx, phone, now);
      if (lockNow) {
        return { kind: "locked", until: lockNow };
      }
      const recent = await tx.signInFailure.count({
        where: { phone, at: { gt: new Date(now.getTime() - SIGN_IN_LIMITS.lockMs) } },
      });
      return { kind: "wrong", recent };
    },
    { timeout: 15_000 },
  );
  if (outcome.kind === "ok") {
    const userId = await userForIdentity(deps.db, { phone });
    return { ok: true, ...(await createSession(deps.db, userId, now)) };
  }
  if (outcome.kind === "locked") {
    return lockedRefusal(outcome.until, now);
  }
  const recent = outcome.recent;
  return { ok: false, error: "wrongCode", triesLeft: Math.max(0, SIGN_IN_LIMITS.maxWrongCodes - recent) };
}
