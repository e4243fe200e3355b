import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

// onShutdown in a process of its own (a signal in the test runner would reach the runner).
const SCRIPT = `
import { onShutdown } from "./lib/ops/shutdown.ts";
onShutdown(() => console.log("stream 1 closed"));
const off = onShutdown(() => console.log("stream 2 closed"));
off();
onShutdown(() => { throw new Error("a broken stream"); });
onShutdown(() => console.log("stream 3 closed"));
process.on("SIGTERM", () => setTimeout(() => {
  onShutdown(() => console.log("late stream closed at once"));
  process.exit(0);
}, 50));
console.log("ready");
setInterval(() => {}, 1000);
`;

describe("onShutdown", () => {
  it("ends every registered stream once on SIGTERM, skips unregistered ones, and runs late ones at once", async () => {
    const proc = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", SCRIPT], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    proc.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes("ready") && proc.signalCode === null && !output.includes("sent")) {
        output += "sent\n";
        proc.kill("SIGTERM");
      }
    });
    const code = await new Promise<number | null>((resolve) => proc.once("exit", (c) => resolve(c)));
    expect(code).toBe(0);
    const lines = output.split("\n").filter((l) => l && l !== "ready" && l !== "sent");
    expect(lines).toEqual(["stream 1 closed", "stream 3 closed", "late stream closed at once"]);
  });
});
