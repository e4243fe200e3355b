import "server-only";
import { cookies, headers } from "next/headers";
import { getDb, getPgPool } from "../db/client";
import { poolSql } from "../db/sql";
import { env } from "../env";
import { afterResponse } from "../http/after-response";
import { accessChannels } from "./channels";
import { sessionCookie } from "./cookie";
import type { SignInDeps } from "./sign-in";

/** The sign-in functions' dependencies in the web process. */
export function signInDeps(): SignInDeps {
  if (!env.AUTH_SECRET) {
    throw new Error("AUTH_SECRET is not set: sign-in needs it (npm start generates one in development).");
  }
  return {
    db: getDb(),
    sql: poolSql(getPgPool()),
    channels: accessChannels(),
    secret: env.AUTH_SECRET,
    ipLimit: env.SIGN_IN_LIMIT_PER_IP,
    log: (line) => console.log(line),
    background: afterResponse,
  };
}

/**
 * The client's address for the per-IP limits: the last x-forwarded-for entry (added by
 * Next's own server or the nearest proxy; earlier entries are the client's to invent).
 */
export async function clientIp(): Promise<string> {
  const forwarded = (await headers()).get("x-forwarded-for");
  const last = forwarded?.split(",").pop()?.trim();
  return last || "unknown";
}

/** Signs the browser in with a database session made outside Auth.js (SMS code, demo). */
export async function setSessionCookie(token: string, expires: Date): Promise<void> {
  const cookie = sessionCookie();
  (await cookies()).set(cookie.name, token, { ...cookie.options, expires });
}

/** Ends the session: the row goes, so the cookie is worthless even if kept. */
export async function endSession(): Promise<void> {
  const cookie = sessionCookie();
  const store = await cookies();
  const token = store.get(cookie.name)?.value;
  if (token) {
    await getDb().session.deleteMany({ where: { sessionToken: token } });
  }
  store.delete(cookie.name);
}
