import "server-only";
import { cookies, headers } from "next/headers";
import { getDb, getPgPool } from "../db/client";
import { poolSql } from "../db/sql";
import { env, trustedProxies } from "../env";
import { afterResponse } from "../http/after-response";
import { clientAddress } from "../http/client-address";
import { logger } from "../logging/logger";
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
    log: (line, level = "info") => logger("sign-in")[level](line),
    background: afterResponse,
  };
}

/** The client's address for the per-IP limits: X-Forwarded-For believed only from TRUSTED_PROXIES (lib/http/client-address.ts). */
export async function clientIp(): Promise<string> {
  return clientAddress((await headers()).get("x-forwarded-for"), trustedProxies());
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
