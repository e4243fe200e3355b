import { z } from "zod";
import { recordAudit } from "../audit/log";
import { getDb } from "../db/client";
import { revokeTrackingLinks } from "./links";

export const ZRevokeLinks = z.object({ reference: z.string().min(1).max(40) });

/** An admin switches off every tracking link of a payout (e.g. a forwarded email). */
export async function revokePayoutLinks(
  reference: string,
  staffId: string,
): Promise<{ ok: true; revoked: number } | { ok: false; message: string }> {
  const payout = await getDb().payout.findUnique({ where: { reference }, select: { id: true } });
  if (!payout) {
    return { ok: false, message: "No such payout." };
  }
  return getDb().$transaction(async (tx) => {
    const live = await tx.trackingLink.count({ where: { payoutId: payout.id, revokedAt: null } });
    const revoked = await revokeTrackingLinks(tx, payout.id, staffId);
    if (revoked > 0) {
      await recordAudit(tx, {
        staffId,
        action: "LINKS_REVOKED",
        target: reference,
        before: { liveLinks: live },
        after: { liveLinks: live - revoked },
      });
    }
    return { ok: true as const, revoked };
  });
}

/** How many of a payout's tracking links still work. */
export function countLiveLinks(payoutId: string, now: Date = new Date()): Promise<number> {
  return getDb().trackingLink.count({ where: { payoutId, revokedAt: null, expiresAt: { gt: now } } });
}
