import { z } from "zod";
import type { Db, Prisma, Tx } from "../db/client";

export const AUDIT_ACTIONS = [
  "STAGE_MOVED",
  "DELAY_SET",
  "DELAY_CLEARED",
  "ETA_OVERRIDDEN",
  "LINKS_REVOKED",
  "NOTICE_PUBLISHED",
  "NOTICE_ENDED",
  "STAFF_INVITED",
  "STAFF_ROLE_CHANGED",
  "STAFF_REMOVED",
  "ETA_DURATION_SET",
  "ETA_SETTINGS_SET",
  "TEMPLATE_SAVED",
  "TEMPLATE_RESET",
  "FAQ_SAVED",
  "FAQ_DELETED",
  "GUIDANCE_SAVED",
  "GUIDANCE_RESET",
  "CUSTOMER_EXPORTED",
  "CUSTOMER_ERASED",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an audit entry keeps of a payout: what the customer sees of it. */
export async function payoutSnapshot(tx: Tx, reference: string): Promise<Prisma.InputJsonObject | null> {
  const payout = await tx.payout.findUnique({
    where: { reference },
    select: {
      stage: true,
      reasonCode: true,
      delayed: true,
      delayReason: true,
      etaAt: true,
      etaReason: true,
      note: true,
    },
  });
  if (!payout) {
    return null;
  }
  return { ...payout, etaAt: payout.etaAt?.toISOString() ?? null };
}

/** Records one admin change, in the transaction that made it. */
export async function recordAudit(
  tx: Tx,
  entry: {
    staffId: string;
    action: AuditAction;
    target: string;
    before: Prisma.InputJsonObject;
    after: Prisma.InputJsonObject;
    /** when it happened, if not now (the change's own clock) */
    at?: Date;
  },
): Promise<void> {
  await tx.auditEntry.create({ data: entry });
}

export const ZAuditFilters = z.object({
  action: z.enum(AUDIT_ACTIONS).optional(),
  /** a payout reference, with or without PT-, or a staff member's email */
  target: z
    .string()
    .trim()
    .max(320)
    .transform((value) => {
      if (value.includes("@")) {
        return value.toLowerCase();
      }
      const upper = value.toUpperCase();
      return upper && !upper.startsWith("PT-") && !upper.includes(" ") ? `PT-${upper}` : upper;
    })
    .optional(),
  staff: z.string().trim().toLowerCase().max(200).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type TAuditFilters = z.output<typeof ZAuditFilters>;

export const AUDIT_PAGE_SIZE = 50;

/** The audit log, newest first, filtered by action, payout and staff email. */
export async function listAudit(db: Db, filters: TAuditFilters) {
  const staffIds = filters.staff
    ? (await db.staffUser.findMany({ where: { email: { contains: filters.staff } }, select: { id: true } })).map(
        (s) => s.id,
      )
    : undefined;
  const where: Prisma.AuditEntryWhereInput = {
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.target ? { target: filters.target } : {}),
    ...(staffIds ? { staffId: { in: staffIds } } : {}),
  };
  const [entries, total] = await Promise.all([
    db.auditEntry.findMany({
      where,
      orderBy: { at: "desc" },
      skip: (filters.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
    }),
    db.auditEntry.count({ where }),
  ]);
  const staff = await db.staffUser.findMany({
    where: { id: { in: [...new Set(entries.map((e) => e.staffId))] } },
    select: { id: true, email: true },
  });
  const emails = new Map(staff.map((s) => [s.id, s.email]));
  return { total, entries: entries.map((e) => ({ ...e, staffEmail: emails.get(e.staffId) ?? e.staffId })) };
}
