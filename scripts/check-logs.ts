/**
 * `npx tsx scripts/check-logs.ts <log file>…` with DATABASE_URL: fails (exit 1) when any
 * customer's, sign-in user's or staff member's email address or phone number of that
 * database appears whole in the given logs (docs/operations.md, "Logs"). Meant for the
 * output of a full end-to-end run: save the server's stdout and stderr, then run this
 * against the e2e database before it is thrown away.
 */
import { readFileSync } from "node:fs";
import pg from "pg";
import { databaseSettings, readScriptSettings } from "../lib/config/scripts";
import { findLeaks, KNOWN_CONTACTS_SQL } from "../lib/logging/leaks";

async function main(): Promise<void> {
  const files = process.argv.slice(2);
  const settings = readScriptSettings(databaseSettings);
  if (files.length === 0 || !settings.ok) {
    console.error("usage: DATABASE_URL=… npx tsx scripts/check-logs.ts <log file>…");
    process.exit(2);
  }
  const client = new pg.Client({ connectionString: settings.settings.DATABASE_URL });
  await client.connect();
  const { rows } = await client.query<{ value: string }>(KNOWN_CONTACTS_SQL);
  await client.end();
  const text = files.map((file) => readFileSync(file, "utf8")).join("\n");
  const leaks = findLeaks(
    text,
    rows.map((r) => r.value),
  );
  if (leaks.length > 0) {
    console.error(`${leaks.length} address(es) or number(s) appear whole in the logs: ${leaks.join(", ")}`);
    process.exit(1);
  }
  console.log(`No address or number of the ${rows.length} known appears in ${files.length} log file(s).`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
});
