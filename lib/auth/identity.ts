import { randomBytes } from "node:crypto";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import type { AppLocale } from "@/i18n/locale";
import type { Db } from "../db/client";

/** How long a sign-in lasts (database sessions; Auth.js extends it while the person is active). */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export interface CurrentCustomer {
  id: string;
  name: string;
  locale: AppLocale;
  timeZone: string;
}

export interface CurrentStaff {
  id: string;
  email: string;
  name: string;
  role: "ADMIN" | "SUPPORT";
}

/** What a signed-in person proved they own: the address of the magic link, the number of the SMS code. */
export interface Identity {
  email: string | null;
  phone: string | null;
}

export function normalizeEmail(input: string): string | null {
  const email = input.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 254 ? email : null;
}

/** E.164, or null when it is not a valid number; national numbers are read in `defaultCountry`. */
export function normalizePhone(input: string, defaultCountry: "DE" | "GB" | "US" = "DE"): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}

const customerSelect = { id: true, name: true, locale: true, timeZone: true } as const;

/**
 * The customer a person is: the customer record with their verified email or phone. When
 * payout systems sent several records with one address, the most recently updated one.
 */
export async function customerForIdentity(db: Db, identity: Identity): Promise<CurrentCustomer | null> {
  const or = [
    ...(identity.email ? [{ email: identity.email }] : []),
    ...(identity.phone ? [{ phone: identity.phone }] : []),
  ];
  if (or.length === 0) {
    return null;
  }
  return db.customer.findFirst({ where: { OR: or }, orderBy: { updatedAt: "desc" }, select: customerSelect });
}

/** The active staff account for a verified email; removed staff are nobody. */
export async function staffForIdentity(db: Db, identity: Identity): Promise<CurrentStaff | null> {
  if (!identity.email) {
    return null;
  }
  return db.staffUser.findFirst({
    where: { email: identity.email, disabledAt: null },
    select: { id: true, email: true, name: true, role: true },
  });
}

/** Whether a sign-in link may go to this address: a customer's, or an active staff member's. */
export async function isKnownEmail(db: Db, email: string, audience: "customer" | "staff"): Promise<boolean> {
  if (audience === "staff") {
    return (await staffForIdentity(db, { email, phone: null })) !== null;
  }
  return (await db.customer.findFirst({ where: { email }, select: { id: true } })) !== null;
}

export async function isKnownPhone(db: Db, phone: string): Promise<boolean> {
  return (await db.customer.findFirst({ where: { phone }, select: { id: true } })) !== null;
}

/** The Auth.js user for a verified address, created on first sign-in. */
export async function userForIdentity(db: Db, identity: { email: string } | { phone: string }): Promise<string> {
  if ("email" in identity) {
    const user = await db.user.upsert({
      where: { email: identity.email },
      create: { email: identity.email, emailVerified: new Date() },
      update: {},
      select: { id: true },
    });
    return user.id;
  }
  const user = await db.user.upsert({
    where: { phone: identity.phone },
    create: { phone: identity.phone },
    update: {},
    select: { id: true },
  });
  return user.id;
}

/**
 * A database session like the ones Auth.js makes after a magic link: for the SMS code and
 * the demo sign-in, which are not Auth.js providers. The caller sets the cookie.
 */
export async function createSession(
  db: Db,
  userId: string,
  now = new Date(),
): Promise<{ token: string; expires: Date }> {
  const token = randomBytes(32).toString("hex");
  const expires = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
  await db.session.create({ data: { sessionToken: token, userId, expires } });
  return { token, expires };
}
