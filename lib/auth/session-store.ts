import { AsyncLocalStorage } from "node:async_hooks";
import type { Adapter } from "next-auth/adapters";

/**
 * The sessions could not be read (the database is unreachable or failing): not the same
 * as "signed out". Auth.js catches its adapter's errors while reading a session, logs
 * them and answers "no session" (@auth/core lib/actions/session.js), which sent signed-in
 * people to the sign-in page during an outage; readSession() tells the two apart.
 */
export class SessionStoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super("The session store (the database) cannot be read.", { cause });
    this.name = "SessionStoreUnavailableError";
  }
}

const failures = new AsyncLocalStorage<{ error: unknown; failed: boolean }>();

/** The adapter methods Auth.js calls while reading a session. */
const SESSION_METHODS = ["getSessionAndUser", "updateSession", "deleteSession"] as const;

/** Wraps an Auth.js adapter so that readSession() learns of an error Auth.js swallows. */
export function reportingAdapter(adapter: Adapter): Adapter {
  const wrapped: Adapter = { ...adapter };
  for (const name of SESSION_METHODS) {
    const method = adapter[name] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (method) {
      (wrapped as Record<string, unknown>)[name] = async (...args: unknown[]) => {
        try {
          return await method.apply(adapter, args);
        } catch (error) {
          const box = failures.getStore();
          if (box) {
            box.failed = true;
            box.error = error;
          }
          throw error;
        }
      };
    }
  }
  return wrapped;
}

/** Runs an Auth.js session read; throws SessionStoreUnavailableError when its adapter failed during it. */
export async function readSession<T>(read: () => Promise<T>): Promise<T> {
  const box = { error: undefined as unknown, failed: false };
  const result = await failures.run(box, read);
  if (box.failed) {
    throw new SessionStoreUnavailableError(box.error);
  }
  return result;
}
