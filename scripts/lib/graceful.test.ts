import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { stopChild } from "./graceful";

/** A node process that answers SIGTERM after `drainMs` (or never), printing "ready" once it listens for it. */
function child(drainMs: number | null) {
  const script =
    drainMs === null
      ? `process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000);`
      : `process.on("SIGTERM", () => setTimeout(() => process.exit(0), ${drainMs})); console.log("ready"); setInterval(() => {}, 1000);`;
  const proc = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const ready = new Promise<void>((resolve) => proc.stdout?.once("data", () => resolve()));
  return { proc, ready };
}

describe("stopChild", () => {
  it("waits for a child that drains after SIGTERM", async () => {
    const { proc, ready } = child(300);
    await ready;
    const started = Date.now();
    expect(await stopChild(proc, 5_000)).toEqual({ killed: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(proc.exitCode).toBe(0);
  });

  it("kills a child still running after the timeout", async () => {
    const { proc, ready } = child(null);
    await ready;
    expect(await stopChild(proc, 300)).toEqual({ killed: true });
    await new Promise((resolve) => proc.once("exit", resolve));
    expect(proc.signalCode).toBe("SIGKILL");
  });

  it("returns at once for a child that already exited", async () => {
    const { proc, ready } = child(0);
    await ready;
    proc.kill("SIGTERM");
    await new Promise((resolve) => proc.once("exit", resolve));
    expect(await stopChild(proc, 5_000)).toEqual({ killed: false });
  });
});
