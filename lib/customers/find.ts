import "server-only";
import type { Db, Prisma } from "../db/client";

export interface CustomerRow {
  id: string;
  externalId: string;
  name: string;
  email: string | null;
  phone: string | null;
  erasedAt: Date | null;
  payouts: number;
}

const PAGE = 25;

/** Who a customer is: the fields every admin view of a customer (and the data export) starts with. */
export const CUSTOMER_IDENTITY = {
  id: true,
  externalId: true,
  name: true,
  email: true,
  phone: true,
} satisfies Prisma.CustomerSelect;

/**
 * Customers for the admin's customer-data page: by exact email, phone or external id, by a
 * payout reference (with or without PT-), or by part of the name; the latest updated ones
 * when the query is empty.
 */
export async function findCustomers(db: Db, query: string): Promise<CustomerRow[]> {
  const q = query.trim().slice(0, 320);
  let where: Prisma.CustomerWhereInput = {};
  if (q.includes("@")) {
    where = { email: q.toLowerCase() };
  } else if (/^\+\d{6,15}$/.test(q.replace(/[\s()-]/g, ""))) {
    where = { phone: q.replace(/[\s()-]/g, "") };
  } else if (q) {
    const reference = q.toUpperCase().startsWith("PT-") ? q.toUpperCase() : `PT-${q.toUpperCase()}`;
    where = {
      OR: [{ externalId: q }, { payouts: { some: { reference } } }, { name: { contains: q, mode: "insensitive" } }],
    };
  }
  const rows = await db.customer.findMany({
    where,
    orderBy: { updatedAt: "desc" },
    take: PAGE,
    select: { ...CUSTOMER_IDENTITY, erasedAt: true, _count: { select: { payouts: true } } },
  });
  return rows.map(({ _count, ...row }) => ({ ...row, payouts: _count.payouts }));
}

/** One customer with how much is stored about them; null when unknown. */
export async function customerSummary(db: Db, id: string) {
  const customer = await db.customer.findUnique({
    where: { id },
    select: {
      ...CUSTOMER_IDENTITY,
      locale: true,
      createdAt: true,
      erasedAt: true,
      erasedBy: true,
      _count: { select: { payouts: true, notifications: true, inquiries: true } },
    },
  });
  if (!customer) {
    return null;
  }
  const surveys = await db.feedbackSurvey.count({ where: { customerId: id } });
  const { _count, ...rest } = customer;
  return { ...rest, counts: { ..._count, surveys } };
}
