import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { getDb } from "../db/client";
import { sessionCookie } from "./cookie";
import {
  type CurrentCustomer,
  type CurrentStaff,
  customerForIdentity,
  type Identity,
  staffForIdentity,
} from "./identity";
import { auth } from "./next-auth";

export type { CurrentCustomer, CurrentStaff };

export const DEMO_CUSTOMER_EXTERNAL_ID = "cus_demo";
export const DEMO_ADMIN_EMAIL = "admin@example.com";
export const DEMO_SUPPORT_EMAIL = "support@example.com";

/** What the session's person proved they own; null when nobody is signed in. One lookup per request. */
export const getIdentity = cache(async (): Promise<Identity | null> => {
  // No cookie, no session: no database round trip (and none at build time).
  if (!(await cookies()).has(sessionCookie().name)) {
    return null;
  }
  const session = await auth();
  const user = session?.user as { email?: string | null; phone?: string | null } | undefined;
  if (!user || (!user.email && !user.phone)) {
    return null;
  }
  return { email: user.email?.toLowerCase() || null, phone: user.phone ?? null };
});

/** The signed-in customer (by the verified email or phone), or null. */
export const getCurrentCustomer = cache(async (): Promise<CurrentCustomer | null> => {
  const identity = await getIdentity();
  return identity ? customerForIdentity(getDb(), identity) : null;
});

/** The signed-in staff member (an active staff account with the verified email), or null. */
export const getCurrentStaff = cache(async (): Promise<CurrentStaff | null> => {
  const identity = await getIdentity();
  return identity ? staffForIdentity(getDb(), identity) : null;
});

export class AccessDeniedError extends Error {
  /** 401: nobody signed in; 403: signed in without the role */
  readonly status: 401 | 403;
  constructor(message = "You do not have access to this.", status: 401 | 403 = 403) {
    super(message);
    this.name = "AccessDeniedError";
    this.status = status;
  }
}

export async function requireStaff(): Promise<CurrentStaff> {
  const staff = await getCurrentStaff();
  if (!staff) {
    throw new AccessDeniedError("Staff sign-in required.", 401);
  }
  return staff;
}

export function assertRole(staff: CurrentStaff, role: CurrentStaff["role"]): void {
  if (staff.role !== role) {
    throw new AccessDeniedError(`This needs the ${role} role.`);
  }
}
