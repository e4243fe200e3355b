import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { getDb } from "../db/client";
import { runtimeSettings } from "../env";

export const DEMO_CUSTOMER_COOKIE = "pt_demo_customer";
export const DEMO_CUSTOMER_EXTERNAL_ID = "cus_demo";
export const DEMO_ADMIN_EMAIL = "admin@example.com";

export interface CurrentCustomer {
  id: string;
  name: string;
  locale: "en" | "de";
  timeZone: string;
}

export interface CurrentStaff {
  id: string;
  email: string;
  name: string;
  role: "ADMIN" | "SUPPORT";
}

/**
 * The signed-in customer. Until sign-in exists (the accounts issue), only the
 * development switcher signs anyone in: in demo mode the customer chosen by
 * cookie, or the demo customer. Outside demo mode nobody is signed in.
 */
export const getCurrentCustomer = cache(async (): Promise<CurrentCustomer | null> => {
  if (!runtimeSettings().demoMode) {
    return null;
  }
  const chosen = (await cookies()).get(DEMO_CUSTOMER_COOKIE)?.value;
  const select = { id: true, name: true, locale: true, timeZone: true } as const;
  const db = getDb();
  const customer =
    (chosen ? await db.customer.findUnique({ where: { id: chosen }, select }) : null) ??
    (await db.customer.findUnique({ where: { externalId: DEMO_CUSTOMER_EXTERNAL_ID }, select }));
  return customer;
});

/** The signed-in staff user; in demo mode the demo admin. */
export const getCurrentStaff = cache(async (): Promise<CurrentStaff | null> => {
  if (!runtimeSettings().demoMode) {
    return null;
  }
  return getDb().staffUser.findUnique({
    where: { email: DEMO_ADMIN_EMAIL },
    select: { id: true, email: true, name: true, role: true },
  });
});

export class AccessDeniedError extends Error {
  constructor(message = "You do not have access to this.") {
    super(message);
    this.name = "AccessDeniedError";
  }
}

export async function requireStaff(): Promise<CurrentStaff> {
  const staff = await getCurrentStaff();
  if (!staff) {
    throw new AccessDeniedError("Staff sign-in required.");
  }
  return staff;
}

export function assertRole(staff: CurrentStaff, role: CurrentStaff["role"]): void {
  if (staff.role !== role) {
    throw new AccessDeniedError(`This needs the ${role} role.`);
  }
}
