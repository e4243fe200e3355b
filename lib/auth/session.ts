import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Session } from "next-auth";
import { cache } from "react";
import { getDb } from "../db/client";
import { isDatabaseUnavailable } from "../db/sql";
import { REQUEST_PATH_HEADER } from "../http/request-url";
import { unavailablePath } from "../http/unavailable-page";
import { logger } from "../logging/logger";
import { sessionCookie } from "./cookie";
import {
  type CurrentCustomer,
  type CurrentStaff,
  customerForIdentity,
  type Identity,
  staffForIdentity,
} from "./identity";
import { auth } from "./next-auth";
import { readSession, SessionStoreUnavailableError } from "./session-store";

export type { CurrentCustomer, CurrentStaff };

export const DEMO_CUSTOMER_EXTERNAL_ID = "cus_demo";
export const DEMO_ADMIN_EMAIL = "admin@example.com";
export const DEMO_SUPPORT_EMAIL = "support@example.com";

/**
 * The database cannot be read, so whether someone is signed in is unknown: not "signed
 * out" (that sent signed-in people to the sign-in page during an outage). Pages, actions and
 * routes go to /unavailable, which answers 503 with a way back here: Next's App Router
 * cannot give a page it renders a 503 (only 404, 403 and 401 have helpers).
 */
async function sessionsUnavailable(error: unknown): Promise<never> {
  const cause = error instanceof SessionStoreUnavailableError ? error.cause : error;
  logger("auth").error(
    `sessions unavailable: ${cause instanceof Error ? cause.name : "unknown"} ${(cause as { code?: string })?.code ?? ""}`,
  );
  redirect(unavailablePath((await headers()).get(REQUEST_PATH_HEADER)));
}

/** What the session's person proved they own; null when nobody is signed in. One lookup per request. */
export const getIdentity = cache(async (): Promise<Identity | null> => {
  // No cookie, no session: no database round trip (and none at build time).
  if (!(await cookies()).has(sessionCookie().name)) {
    return null;
  }
  let session: Session | null;
  try {
    session = await readSession(() => auth());
  } catch (error) {
    if (error instanceof SessionStoreUnavailableError) {
      return sessionsUnavailable(error);
    }
    throw error;
  }
  const user = session?.user as { email?: string | null; phone?: string | null } | undefined;
  if (!user || (!user.email && !user.phone)) {
    return null;
  }
  return { email: user.email?.toLowerCase() || null, phone: user.phone ?? null };
});

/** The signed-in customer (by the verified email or phone), or null. */
export const getCurrentCustomer = cache(async (): Promise<CurrentCustomer | null> => {
  const identity = await getIdentity();
  return identity ? orUnavailable(customerForIdentity(getDb(), identity)) : null;
});

/** The signed-in staff member (an active staff account with the verified email), or null. */
export const getCurrentStaff = cache(async (): Promise<CurrentStaff | null> => {
  const identity = await getIdentity();
  return identity ? orUnavailable(staffForIdentity(getDb(), identity)) : null;
});

async function orUnavailable<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      return sessionsUnavailable(error);
    }
    throw error;
  }
}

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
