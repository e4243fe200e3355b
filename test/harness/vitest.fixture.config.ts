import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * The integration project's harness (embedded PostgreSQL in the global setup, a database
 * per file) around one fixture file named by HARNESS_FIXTURE. Run only by
 * test/harness/exit-code.int.test.ts, never by `npm test` directly.
 */
const root = path.resolve(import.meta.dirname, "../..");

export default defineConfig({
  root,
  resolve: { alias: { "@": root, "server-only": path.join(root, "test/server-only-stub.ts") } },
  test: {
    include: [`test/harness/fixtures/${process.env.HARNESS_FIXTURE ?? "none"}.fixture.ts`],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-database.ts"],
    pool: "forks",
    hookTimeout: 120_000,
  },
});
