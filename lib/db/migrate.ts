import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { Logger, runMigrations as runWorkerMigrations } from "graphile-worker";
import { childEnvironment } from "../env";
import { logger } from "../logging/logger";

const run = promisify(execFile);

/**
 * Applies the committed migrations (prisma/migrations) with `prisma migrate deploy`,
 * which runs Prisma's Wasm schema engine through the pg adapter (prisma.config.ts),
 * then installs or upgrades graphile-worker's own schema (`graphile_worker`), which
 * applyEvent's `graphile_worker.add_job(...)` needs.
 */
export async function runMigrations(databaseUrl: string, cwd = process.cwd()): Promise<void> {
  const require = createRequire(path.join(cwd, "package.json"));
  const cli = require.resolve("prisma/build/index.js");
  try {
    await run(process.execPath, [cli, "migrate", "deploy"], {
      cwd,
      env: childEnvironment({ DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" }),
      maxBuffer: 10 * 1024 * 1024,
    });
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string };
    throw new Error(`Applying database migrations failed:\n${output.stderr || output.stdout || String(error)}`);
  }
  await runWorkerMigrations({ connectionString: databaseUrl, logger: quietLogger });
}

const quietLogger = new Logger(() => (level: string, message: string) => {
  if (level === "error" || level === "warning") {
    logger("graphile-worker").error(message);
  }
});
