import { Auth } from "@auth/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { resetDatabase } from "../../test/reset-database";
import { createDb, type Db, getDb } from "../db/client";
import { isDatabaseUnavailable } from "../db/sql";
import { createSession, userForIdentity } from "./identity";
import type * as SessionStore from "./session-store";

// Session resolution as getIdentity() does it (lib/auth/session.ts): Auth.js's own session
// read with the app's configuration (lib/auth/auth-config.ts), inside readSession().

let authConfig: typeof import("./auth-config").authConfig;
// Loaded with the configuration (after resetModules), so that both share one module instance.
let readSession: typeof SessionStore.readSession;
let SessionStoreUnavailableError: typeof SessionStore.SessionStoreUnavailableError;
let unreachable: Db;

beforeAll(async () => {
  vi.stubEnv("AUTH_SECRET", "session-store-test-secret-0123456789");
  vi.stubEnv("APP_URL", "http://localhost:3000");
  vi.resetModules();
  authConfig = (await import("./auth-config")).authConfig;
  ({ readSession, SessionStoreUnavailableError } = await import("./session-store"));
  // Nothing listens on port 1: every connection attempt is refused at once.
  unreachable = createDb("postgresql://nobody:nothing@127.0.0.1:1/payouts", 1);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await unreachable.$disconnect();
});

beforeEach(resetDatabase);

/** The session as Auth.js reads it for a request carrying this session cookie. */
async function sessionFor(token: string, db: Db): Promise<{ user?: { email?: string } } | null> {
  const request = new Request("http://localhost:3000/api/auth/session", {
    headers: { cookie: `pt_session=${token}` },
  });
  const response = await Auth(request, authConfig(db));
  return (await response.json()) as { user?: { email?: string } } | null;
}

describe("session resolution", () => {
  it("with the database unreachable throws a typed outage error instead of answering signed out", async () => {
    // What Auth.js alone makes of it: no session, as if nobody were signed in.
    expect(await sessionFor("a-session-token", unreachable)).toBeNull();

    const outage = await readSession(() => sessionFor("a-session-token", unreachable)).catch((e: unknown) => e);
    expect(outage).toBeInstanceOf(SessionStoreUnavailableError);
    expect(isDatabaseUnavailable((outage as Error).cause)).toBe(true);
  });

  it("with the database up, a valid session is signed in and an unknown one signed out", async () => {
    const db = getDb();
    const { token } = await createSession(db, await userForIdentity(db, { email: "ada@example.com" }));
    expect(await readSession(() => sessionFor(token, db))).toMatchObject({ user: { email: "ada@example.com" } });
    expect(await readSession(() => sessionFor("no-such-token", db))).toBeNull();
  });

  it("knows Prisma's unreachable-database errors as outages", async () => {
    const error = await unreachable.customer.findFirst().catch((e: unknown) => e);
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseUnavailable(new Error("Unique constraint failed"))).toBe(false);
  });
});
