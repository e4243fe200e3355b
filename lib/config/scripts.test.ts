import { describe, expect, it, vi } from "vitest";
import {
  benchSettings,
  databaseSettings,
  dbSettings,
  readScriptSettings,
  startSettings,
  webSettings,
  workerSettings,
} from "./scripts";

describe("script settings", () => {
  it("fills the defaults and counts an empty variable as unset", () => {
    const read = readScriptSettings(startSettings, { DATABASE_URL: "", DEMO_MODE: "", PORT: "3001" });
    expect(read).toEqual({
      ok: true,
      settings: { PORT: 3001, START_WORKER: "1", SHUTDOWN_TIMEOUT_SECONDS: 25 },
    });
    expect(readScriptSettings(dbSettings, {})).toMatchObject({ ok: true, settings: { DB_PORT: 54329 } });
  });

  it("names each variable it cannot use", () => {
    expect(readScriptSettings(webSettings, { PORT: "eighty" })).toEqual({
      ok: false,
      problems: [
        expect.stringMatching(/^PORT: /),
        "DATABASE_URL: must be set: the database every web and worker process shares",
      ],
    });
    expect(readScriptSettings(benchSettings, { BENCH_ONLY: "everything" })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^BENCH_ONLY: /)],
    });
    expect(readScriptSettings(workerSettings, { DATABASE_URL: "" })).toEqual({
      ok: false,
      problems: ["DATABASE_URL: must be set: point it at the app's database (npm start runs a worker of its own)"],
    });
    expect(readScriptSettings(databaseSettings, {})).toEqual({
      ok: false,
      problems: ["DATABASE_URL: must be set: the database to use"],
    });
  });

  it("reads the process's environment when given no source", () => {
    vi.stubEnv("DATABASE_URL", "postgresql://worker@localhost:5432/payouts");
    try {
      expect(readScriptSettings(workerSettings)).toMatchObject({
        ok: true,
        settings: { DATABASE_URL: "postgresql://worker@localhost:5432/payouts" },
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
