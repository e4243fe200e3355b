/**
 * Whether demo mode is on: the one-click demo accounts (an ADMIN among them), the customer
 * switcher, seeded demo data, sign-in secrets in the outbox. The one rule, used by
 * lib/env.ts (the app) and scripts/start.ts (which seeds and hands its decision to `next
 * start` as an explicit DEMO_MODE: `next start` sets NODE_ENV=production when it is unset).
 *
 * - `DEMO_MODE=0`: off. `DEMO_MODE=1`: on — refused in production with a real database.
 * - unset: on with the embedded database, but never in production (`NODE_ENV=production`
 *   without a `DATABASE_URL` once meant one-click ADMIN for anyone).
 */
export interface DemoModeInput {
  nodeEnv: string | undefined;
  demoMode: "0" | "1" | undefined;
  /** the app runs on the embedded PostgreSQL (npm start without DATABASE_URL) */
  embedded: boolean;
  /** a DATABASE_URL of the operator's own (not the embedded one npm start made) */
  ownDatabase: boolean;
}

export const DEMO_MODE_REFUSED =
  "DEMO_MODE=1 lets anyone act as any customer or admin; it is refused in production with a DATABASE_URL. Unset DEMO_MODE.";

export function demoModeOn(input: DemoModeInput): boolean {
  const production = input.nodeEnv === "production";
  if (input.demoMode === "1") {
    if (production && input.ownDatabase) {
      throw new Error(DEMO_MODE_REFUSED);
    }
    return true;
  }
  if (input.demoMode === "0" || production) {
    return false;
  }
  return input.embedded;
}
