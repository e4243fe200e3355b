export const TEMPLATE_DATABASE = "payout_tracker_test_template";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** Tests drop and create databases: never let them near a server that is not this machine. */
export function assertLocalDatabaseUrl(url: string): void {
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host)) {
    throw new Error(`Refusing to run tests against DATABASE_URL on ${host}: tests only use a PostgreSQL on localhost.`);
  }
}

/** This test file's own database, which test/setup-database.ts creates before the file runs. */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set: run the integration tests through Vitest (test/setup-database.ts).");
  }
  return url;
}
