import { z } from "zod";
import type { Prisma } from "../db/client";
import { getDb } from "../db/client";
import { PAYOUT_METHODS } from "../eta/estimate";
import { STAGES } from "./stages";

export const ADMIN_PAGE_SIZE = 25;

/** Admin list filters, from the query string. Unknown values are a clear error, not ignored. */
export const ZPayoutFilters = z.object({
  stage: z.enum(STAGES).optional(),
  method: z.enum(PAYOUT_METHODS).optional(),
  delayed: z.enum(["yes", "no"]).optional(),
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type TPayoutFilters = z.infer<typeof ZPayoutFilters>;

function whereFor(filters: TPayoutFilters): Prisma.PayoutWhereInput {
  const where: Prisma.PayoutWhereInput = {};
  if (filters.stage) {
    where.stage = filters.stage;
  }
  if (filters.method) {
    where.method = filters.method;
  }
  if (filters.delayed) {
    where.delayed = filters.delayed === "yes";
  }
  const q = filters.q;
  if (q) {
    where.OR = q.includes("@")
      ? [{ customer: { email: q.toLowerCase() } }]
      : [{ reference: q.toUpperCase() }, { reference: `PT-${q.toUpperCase()}` }, { externalId: q }];
  }
  return where;
}

export async function listPayoutsForAdmin(filters: TPayoutFilters) {
  const where = whereFor(filters);
  const db = getDb();
  const [total, rows] = await Promise.all([
    db.payout.count({ where }),
    db.payout.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (filters.page - 1) * ADMIN_PAGE_SIZE,
      take: ADMIN_PAGE_SIZE,
      select: {
        reference: true,
        amountMinor: true,
        currency: true,
        method: true,
        stage: true,
        delayed: true,
        delayReason: true,
        etaAt: true,
        createdAt: true,
        customer: { select: { name: true, email: true } },
      },
    }),
  ]);
  return {
    total,
    pages: Math.max(1, Math.ceil(total / ADMIN_PAGE_SIZE)),
    rows: rows.map((r) => ({ ...r, amountMinor: Number(r.amountMinor) })),
  };
}

export async function getPayoutForAdmin(reference: string) {
  const row = await getDb().payout.findUnique({
    where: { reference },
    include: {
      customer: { select: { name: true, email: true, phone: true, locale: true, timeZone: true } },
      events: {
        orderBy: [{ occurredAt: "desc" }, { recordedAt: "desc" }],
        include: {
          // What the customer was told about each event: support's answer to "did you tell me?"
          notifications: {
            orderBy: { channel: "asc" },
            select: {
              id: true,
              channel: true,
              status: true,
              transport: true,
              suppressedReason: true,
              fallback: true,
              attempts: true,
              lastError: true,
              scheduledFor: true,
              sentAt: true,
              deliveredAt: true,
              failedAt: true,
            },
          },
        },
      },
    },
  });
  return row ? { ...row, amountMinor: Number(row.amountMinor) } : null;
}
