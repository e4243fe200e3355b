import { after } from "next/server";

/** Runs `task` after the response has gone out (next/server's after()); outside a request, now. */
export async function afterResponse(task: () => Promise<void>): Promise<void> {
  try {
    after(task);
  } catch {
    await task(); // no request scope (a script, a test): nobody waits for an answer
  }
}
