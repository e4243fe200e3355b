import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

const flag = z.enum(["0", "1"]);

/**
 * Every configuration variable, validated once (shared/ARCHITECTURE.md, "Configuration").
 * `EMBEDDED_DATABASE` is set by `npm start` when it started the embedded PostgreSQL.
 */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    APP_URL: z.url().optional(),
    DATABASE_URL: z.string().min(1).optional(),
    EMBEDDED_DATABASE: flag.default("0"),
    /** the development customer/staff switcher; unset = on with the embedded database only */
    DEMO_MODE: flag.optional(),
    INGEST_SIGNING_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    /** the previous secret, still accepted while senders switch over */
    INGEST_SIGNING_SECRET_PREVIOUS: z.string().min(16, "must be at least 16 characters").optional(),
    INGEST_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(12_000),
  },
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
});

export interface RuntimeSettings {
  demoMode: boolean;
  appUrl: string;
}

/** The ingest API's secrets (current first) and rate; no secret configured = the API refuses everything. */
export function ingestSettings(): { secrets: string[]; ratePerMinute: number } {
  const secrets = [env.INGEST_SIGNING_SECRET, env.INGEST_SIGNING_SECRET_PREVIOUS].filter((s): s is string =>
    Boolean(s),
  );
  return { secrets, ratePerMinute: env.INGEST_RATE_LIMIT_PER_MINUTE };
}

/** Derived settings, with the rules no single variable can express. */
export function runtimeSettings(): RuntimeSettings {
  const embedded = env.EMBEDDED_DATABASE === "1";
  const demoMode = env.DEMO_MODE === undefined ? embedded : env.DEMO_MODE === "1";
  if (demoMode && env.NODE_ENV === "production" && env.DATABASE_URL && !embedded) {
    throw new Error(
      "DEMO_MODE=1 lets anyone act as any customer; it is refused in production with a DATABASE_URL. Unset DEMO_MODE.",
    );
  }
  return { demoMode, appUrl: env.APP_URL ?? `http://localhost:${env.PORT}` };
}
