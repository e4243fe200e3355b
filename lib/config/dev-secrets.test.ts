import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveSecrets } from "./dev-secrets";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "pt-secrets-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("resolveSecrets", () => {
  it("generates development secrets once, private to the owner, and reuses them", async () => {
    const first = await resolveSecrets({}, { production: false, dataDir: dir });
    expect(first.generated).toEqual(["AUTH_SECRET", "INGEST_SIGNING_SECRET"]);
    expect(first.secrets.INGEST_SIGNING_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(path.join(dir, "ingest_signing_secret"))).mode & 0o777).toBe(0o600);
    const second = await resolveSecrets({}, { production: false, dataDir: dir });
    expect(second.generated).toEqual([]);
    expect(second.secrets).toEqual(first.secrets);
  });

  it("prefers the environment", async () => {
    const { secrets } = await resolveSecrets(
      { INGEST_SIGNING_SECRET: "s".repeat(32) },
      { production: false, dataDir: dir },
    );
    expect(secrets.INGEST_SIGNING_SECRET).toBe("s".repeat(32));
  });

  it("stops in production naming every missing variable, and writes nothing", async () => {
    await expect(resolveSecrets({ AUTH_SECRET: "a".repeat(32) }, { production: true, dataDir: dir })).rejects.toThrow(
      "INGEST_SIGNING_SECRET must be set in production",
    );
    await expect(readFile(path.join(dir, "ingest_signing_secret"))).rejects.toThrow();
  });
});
