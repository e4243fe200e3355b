import { createHash, createHmac } from "node:crypto";
import type { AppLocale } from "@/i18n/locale";
import type { Db, Tx } from "../db/client";

// Tracking links (/t/<token>): one payout, read-only, without signing in, in every
// notification. The token is derived from the notification id with a server secret, so a
// message sent again after a crash carries the same link (and the same SMS text); 128
// bits, so guessing one is hopeless. Only the token's SHA-256 is stored.

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** The link token of one notification: 16 bytes of HMAC-SHA256, base64url (22 characters). */
export function trackingToken(secret: string, notificationId: string): string {
  return createHmac("sha256", secret)
    .update(`tracking-link:${notificationId}`)
    .digest()
    .subarray(0, 16)
    .toString("base64url");
}

/** How a token appears in stored copies of messages: enough to tell links apart, useless as a key. */
export function maskToken(token: string): string {
  return `${token.slice(0, 4)}…`;
}

export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * The statement that records the link of a notification, with its four parameters from
 * `$first` on (to embed in a CTE: the dispatcher records it with the SENT row). A resend
 * keeps the first expiry; if it was signed with another secret (a rotated AUTH_SECRET), the
 * new token replaces the old one, so the link in the newest message works — unless an admin
 * revoked it.
 */
export function trackingLinkUpsert(first: number): string {
  const n = (i: number) => `$${first + i}`;
  return `insert into tracking_links (id, token_hash, notification_id, payout_id, expires_at)
     values ('tl_' || md5(${n(0)}), ${n(0)}, ${n(1)}, ${n(2)}, ${n(3)})
     on conflict (notification_id) do update set token_hash = excluded.token_hash
       where tracking_links.revoked_at is null and tracking_links.token_hash <> excluded.token_hash`;
}

export function trackingLinkParams(link: {
  token: string;
  notificationId: string;
  payoutId: string;
  expiresAt: Date;
}): unknown[] {
  return [tokenHash(link.token), link.notificationId, link.payoutId, link.expiresAt];
}

export type ResolvedLink =
  | {
      ok: true;
      payoutId: string;
      reference: string;
      customerId: string;
      firstName: string;
      locale: AppLocale;
      timeZone: string;
      expiresAt: Date;
    }
  | { ok: false; reason: "UNKNOWN" | "EXPIRED" | "REVOKED" };

/** What a tracking link opens, or why it opens nothing. */
export async function resolveTrackingLink(db: Db, token: string, now: Date = new Date()): Promise<ResolvedLink> {
  if (!TOKEN_PATTERN.test(token)) {
    return { ok: false, reason: "UNKNOWN" };
  }
  const link = await db.trackingLink.findUnique({
    where: { tokenHash: tokenHash(token) },
    select: {
      expiresAt: true,
      revokedAt: true,
      payout: {
        select: {
          id: true,
          reference: true,
          customer: { select: { id: true, name: true, locale: true, timeZone: true } },
        },
      },
    },
  });
  if (!link) {
    return { ok: false, reason: "UNKNOWN" };
  }
  if (link.revokedAt) {
    return { ok: false, reason: "REVOKED" };
  }
  if (link.expiresAt <= now) {
    return { ok: false, reason: "EXPIRED" };
  }
  const customer = link.payout.customer;
  return {
    ok: true,
    payoutId: link.payout.id,
    reference: link.payout.reference,
    customerId: customer.id,
    firstName: customer.name.trim().split(/\s+/)[0] ?? customer.name,
    locale: customer.locale,
    timeZone: customer.timeZone,
    expiresAt: link.expiresAt,
  };
}

/** Revokes every live tracking link of a payout (an admin's decision); returns how many. */
export async function revokeTrackingLinks(db: Tx, payoutId: string, staffId: string, now: Date = new Date()) {
  const result = await db.trackingLink.updateMany({
    where: { payoutId, revokedAt: null },
    data: { revokedAt: now, revokedBy: staffId },
  });
  return result.count;
}
