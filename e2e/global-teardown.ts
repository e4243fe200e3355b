import { existsSync, readFileSync } from "node:fs";
import pg from "pg";
import { findLeaks, KNOWN_CONTACTS_SQL } from "../lib/logging/leaks";

/**
 * After the whole run, while the e2e database still exists: no customer's, signed-in user's
 * or staff member's email address or phone number appears whole in what the app and its
 * worker logged (docs/operations.md, "Logs"). A leak fails the run.
 */
export default async function globalTeardown(): Promise<void> {
  const logFile = "e2e/.state/server.log";
  const state = "e2e/.state/database.json";
  if (!existsSync(logFile) || !existsSync(state)) {
    throw new Error(`The e2e server left no ${logFile} or ${state}: the log check cannot run.`);
  }
  const { url } = JSON.parse(readFileSync(state, "utf8")) as { url: string };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ value: string }>(KNOWN_CONTACTS_SQL);
    const text = readFileSync(logFile, "utf8");
    const leaks = findLeaks(
      text,
      rows.map((r) => r.value),
    );
    if (leaks.length > 0) {
      throw new Error(`${leaks.length} address(es) or number(s) appear whole in the run's logs: ${leaks.join(", ")}`);
    }
    console.log(`Log check: none of ${rows.length} addresses and numbers in ${text.length} characters of logs.`);
  } finally {
    await client.end();
  }
}
