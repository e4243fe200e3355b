import { describe, expect, it } from "vitest";
import { parseSeedArgs } from "./args";

describe("parseSeedArgs", () => {
  it("defaults to scale 1", () => {
    expect(parseSeedArgs([])).toEqual({ ok: true, scale: 1, help: false });
  });

  it("reads --scale N and --scale=N", () => {
    expect(parseSeedArgs(["--scale", "100"])).toEqual({ ok: true, scale: 100, help: false });
    expect(parseSeedArgs(["--scale=1000"])).toEqual({ ok: true, scale: 1000, help: false });
  });

  it.each([
    [["--scale", "0"], "from 1 to 1000"],
    [["--scale", "-3"], "whole number"],
    [["--scale", "1.5"], "whole number"],
    [["--scale", "abc"], "whole number"],
    [["--scale", "1001"], "from 1 to 1000"],
    [["--scale"], "needs a value"],
    [["--scale="], "whole number"],
    [["--sclae", "3"], 'Unknown argument "--sclae"'],
    [["100"], 'Unknown argument "100"'],
  ])("rejects %j", (argv, message) => {
    const result = parseSeedArgs(argv);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.message).toContain(message);
  });
});
