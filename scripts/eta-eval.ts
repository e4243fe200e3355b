/**
 * `npm run eta:eval`: how honest the shown ETAs are, measured (issue #13, point 7).
 * A generated world of payouts (lib/eta/eval/generate.ts, docs/etas.md "Evaluation") trains
 * the product on 90 days of back-filled history, then 30 held-out days are replayed in time
 * order through applyEvent and the delay sweeper on a controlled clock, on a fresh embedded
 * PostgreSQL. Figures are reported, never asserted; the exit code says only whether it ran.
 *
 *   npm run eta:eval -- [--payouts-per-day 18] [--seed 7] [--replay-start 2026-03-09]
 *                       [--training-days 90] [--replay-days 30]
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { CONNECTION_SETTINGS, createDb } from "../lib/db/client";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { runMigrations } from "../lib/db/migrate";
import { generateScenario } from "../lib/eta/eval/generate";
import { runEvaluation } from "../lib/eta/eval/replay";
import { formatGoals, formatTable, lastLine } from "../lib/eta/eval/report";

const USAGE =
  "usage: npm run eta:eval -- [--payouts-per-day N] [--seed N] [--replay-start YYYY-MM-DD] [--training-days N] [--replay-days N]";

interface Args {
  payoutsPerDay: number;
  seed: number;
  replayStart: Date;
  trainingDays: number;
  replayDays: number;
}

function parseArgs(argv: string[]): Args {
  // A Monday in March 2026: the replay crosses Europe's switch to summer time (29 March) and
  // TARGET2's Easter closing (3 and 6 April); training covers Christmas and US holidays.
  const args: Args = {
    payoutsPerDay: 18,
    seed: 7,
    replayStart: new Date("2026-03-09T00:00:00Z"),
    trainingDays: 90,
    replayDays: 30,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const number = Number(value);
    const positive = Number.isFinite(number) && number > 0;
    switch (flag) {
      case "--payouts-per-day":
        if (!positive) {
          throw new Error(`--payouts-per-day needs a positive number. ${USAGE}`);
        }
        args.payoutsPerDay = number;
        break;
      case "--seed":
        if (!Number.isInteger(number)) {
          throw new Error(`--seed needs an integer. ${USAGE}`);
        }
        args.seed = number;
        break;
      case "--replay-start":
        if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
          throw new Error(`--replay-start needs a date YYYY-MM-DD. ${USAGE}`);
        }
        args.replayStart = new Date(`${value}T00:00:00Z`);
        break;
      case "--training-days":
      case "--replay-days":
        if (!positive || !Number.isInteger(number)) {
          throw new Error(`${flag} needs a whole number of days. ${USAGE}`);
        }
        args[flag === "--training-days" ? "trainingDays" : "replayDays"] = number;
        break;
      default:
        throw new Error(`unknown argument ${flag}. ${USAGE}`);
    }
  }
  return args;
}

const log = (line: string) => console.log(`[eta:eval] ${line}`);

async function main(): Promise<void> {
  const started = Date.now();
  const args = parseArgs(process.argv.slice(2));
  const scenario = generateScenario(args);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  log(
    `seed ${args.seed}, ${args.payoutsPerDay} payouts/day, ${scenario.customers.length} customers; training ${day(scenario.trainingStart)} → ${day(args.replayStart)}: ${scenario.training.length} payouts (${scenario.inFlightDropped} still open at the split left out); replay ${day(args.replayStart)} → ${day(scenario.replayEnd)}: ${scenario.replay.length} payouts, replayed to their end`,
  );
  log(
    `incidents: ${scenario.incidents.map((i) => `${i.method} ${i.from.toISOString().slice(0, 16)}Z +${((i.to.getTime() - i.from.getTime()) / 3_600_000).toFixed(0)} h ×${i.factor.toFixed(1)}`).join(", ") || "none"}`,
  );

  const tempDir = await mkdtemp(path.join(os.tmpdir(), "payout-tracker-eta-eval-"));
  // The server runs as a user that must be able to enter the folder (as in scripts/bench.ts).
  await chmod(tempDir, 0o755);
  const database = await startEmbeddedPostgres({ dataDir: path.join(tempDir, "pg") });
  const pool = new pg.Pool({ connectionString: database.url, max: 6, ...CONNECTION_SETTINGS });
  pool.on("error", () => {});
  const db = createDb(database.url, 2);
  try {
    await runMigrations(database.url);
    log(`database ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const result = await runEvaluation({ pool, db, scenario, log });
    for (const [phase, stats] of [
      ["training", result.training],
      ["replay", result.replay],
    ] as const) {
      const refused = Object.entries(stats.refused);
      if (refused.length > 0) {
        log(`${phase}: events refused: ${refused.map(([code, n]) => `${code} × ${n}`).join(", ")}`);
      }
    }
    for (const sample of result.refusalSamples) {
      log(`refused: ${sample}`);
    }
    if (!result.replay.etaMessagesMeasured) {
      log("ETA messages per day: not measured (see above)");
    }
    console.log("");
    console.log(
      "on-time: completed by the first shown ETA (a date: by the end of that day in the customer's zone); no pause: the same without payouts that waited on the customer or a hold",
    );
    console.log(
      "slack: first shown ETA − arrival, signed (negative = late), in working hours of the rail's banking days (instant rails: all hours), over all completed payouts",
    );
    console.log(
      "revised: the shown ETA changed at least once; later: a revision promised later than the ETA before it; broken: a shown ETA passed while it was shown",
    );
    console.log(
      "night: shown times in [00:30, 06:00) local; past: payouts seen open with a promise > 1 min past after a sweep; no promise: first ETA neither a time nor a date",
    );
    console.log("");
    for (const line of formatTable(result.summary)) {
      console.log(line);
    }
    console.log("");
    console.log(`goals: ${formatGoals(result.summary.overall)}`);
    console.log(
      `run time ${((Date.now() - started) / 1000).toFixed(1)} s (training ${result.training.seconds.toFixed(1)} s, replay ${result.replay.seconds.toFixed(1)} s)`,
    );
    console.log(lastLine(result.summary.overall));
  } finally {
    await db.$disconnect();
    await pool.end();
    await database.stop();
    await rm(tempDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
