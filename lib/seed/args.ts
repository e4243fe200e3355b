export const MAX_SCALE = 1_000;

export const SEED_USAGE = `Usage: npm run seed -- [--scale N]

Adds demo data to the database (never deletes): the demo customers
demo@example.com and demo.de@example.com, the staff users admin@example.com and
support@example.com, and 200 × N payouts with their history (default N = 1).

Uses DATABASE_URL, or the embedded PostgreSQL in ./.data/pg when it is unset.`;

export type SeedArgs = { ok: true; scale: number; help: boolean } | { ok: false; message: string };

/** Parses the seed script's arguments: `--scale N`, `--scale=N`, `--help`. */
export function parseSeedArgs(argv: readonly string[]): SeedArgs {
  let scale = 1;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    let value: string | undefined;
    if (arg === "--scale") {
      value = argv[i + 1];
      i += 1;
      if (value === undefined) {
        return { ok: false, message: "--scale needs a value, e.g. --scale 100." };
      }
    } else if (arg.startsWith("--scale=")) {
      value = arg.slice("--scale=".length);
    } else {
      return { ok: false, message: `Unknown argument "${arg}".` };
    }
    if (!/^\d+$/.test(value)) {
      return { ok: false, message: `--scale must be a whole number from 1 to ${MAX_SCALE}, not "${value}".` };
    }
    scale = Number(value);
    if (scale < 1 || scale > MAX_SCALE) {
      return { ok: false, message: `--scale must be from 1 to ${MAX_SCALE}, not ${scale}.` };
    }
  }
  return { ok: true, scale, help };
}
