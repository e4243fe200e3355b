import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";
import { demoModeOn } from "./config/demo-mode";
import { parseTrustedProxies, trustedProxyList } from "./http/client-address";
import { parseHostList } from "./payouts/action-url";

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
    /** connections per pool (Prisma's and the hand-written SQL's, each) in one process */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    EMBEDDED_DATABASE: flag.default("0"),
    /** the demo accounts and customer switcher; unset = on with the embedded database outside production (lib/config/demo-mode.ts) */
    DEMO_MODE: flag.optional(),
    INGEST_SIGNING_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    /** the previous secret, still accepted while senders switch over */
    INGEST_SIGNING_SECRET_PREVIOUS: z.string().min(16, "must be at least 16 characters").optional(),
    INGEST_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(12_000),
    /** outgoing mail server, e.g. smtp://user:pass@mail.example.com:587; unset = dev outbox */
    SMTP_URL: z.url().optional(),
    MAIL_FROM: z.string().min(3).default("Payout Tracker <payouts@localhost>"),
    TWILIO_ACCOUNT_SID: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, "must look like AC followed by 32 hex digits")
      .optional(),
    TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
    TWILIO_FROM: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 number such as +15005550006")
      .optional(),
    TWILIO_MESSAGING_SERVICE_SID: z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/)
      .optional(),
    TWILIO_API_BASE_URL: z.url().optional(),
    /** signs sessions and tracking links (lib/config/dev-secrets.ts makes one in development) */
    AUTH_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    /** sign-in requests (and code checks) per client IP per 15 minutes */
    SIGN_IN_LIMIT_PER_IP: z.coerce.number().int().min(1).default(20),
    /** the reverse proxies whose X-Forwarded-For entries are believed: IPs and CIDR ranges, comma-separated */
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        const parsed = value === undefined ? null : parseTrustedProxies(value);
        if (parsed && !parsed.ok) {
          ctx.addIssue({ code: "custom", message: parsed.message });
        }
      }),
    /** hosts a customer's action link may point to (ingest `payout.action_url`, /admin/actions), comma-separated; unset = none */
    ACTION_URL_HOSTS: z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        const parsed = value === undefined ? null : parseHostList(value);
        if (parsed && !parsed.ok) {
          ctx.addIssue({ code: "custom", message: parsed.message });
        }
      }),
    /** how long a tracking link (/t/<token>) in a notification works */
    TRACKING_LINK_DAYS: z.coerce.number().min(1).max(365).default(30),
    /** a later ETA by more than this tells the customer */
    NOTIFY_ETA_THRESHOLD_MINUTES: z.coerce.number().int().min(1).default(120),
    /** jobs one worker process runs at once */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(20),
    /** a worker process silent this long is taken for dead: its jobs go to the others */
    WORKER_DEAD_AFTER_SECONDS: z.coerce.number().min(1).default(30),
    /** a message found "sending" for longer was being sent by a dead worker */
    NOTIFY_SENDING_LEASE_SECONDS: z.coerce.number().min(1).default(90),
    /** 0 = no delay sweeper (it marks overdue payouts delayed and tells their customers) */
    SWEEP_DELAYS: flag.default("1"),
    /** 0 = `npm start` runs no worker in its process (run `npm run worker` elsewhere) */
    START_WORKER: flag.default("1"),
    /** set = GET /metrics (and a worker's metrics port) answer only `Authorization: Bearer <token>` */
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    /** a worker process serves its own /metrics on this port; unset = none */
    WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /** JSON log lines (pino) at this level and above */
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** message bodies and dev-outbox copies older than this are deleted by a daily job */
    MESSAGE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  },
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
});

/**
 * The process's environment as it is now: the source of the scripts' own settings
 * (lib/config/scripts.ts), which are read when a script starts, not at import.
 */
export function processEnvironment(): Readonly<Record<string, string | undefined>> {
  return process.env;
}

/** The environment for a child process (`next start`, `prisma migrate deploy`): this process's, with `values` set on top. */
export function childEnvironment(values: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...values };
}

export interface RuntimeSettings {
  demoMode: boolean;
  /** without a trailing slash (`appUrl`) */
  appUrl: string;
}

/** The ingest API's secrets (current first), rate and action-link hosts; no secret configured = the API refuses everything. */
export function ingestSettings(): { secrets: string[]; ratePerMinute: number; actionUrlHosts: string[] } {
  const secrets = [env.INGEST_SIGNING_SECRET, env.INGEST_SIGNING_SECRET_PREVIOUS].filter((s): s is string =>
    Boolean(s),
  );
  return { secrets, ratePerMinute: env.INGEST_RATE_LIMIT_PER_MINUTE, actionUrlHosts: actionUrlHosts() };
}

/** ACTION_URL_HOSTS as a list of lower-case host names; empty when unset. */
export function actionUrlHosts(): string[] {
  const parsed = parseHostList(env.ACTION_URL_HOSTS ?? "");
  return parsed.ok ? parsed.hosts : [];
}

let trustedProxiesCache: { list: ReturnType<typeof trustedProxyList> } | undefined;

/** TRUSTED_PROXIES as a BlockList (lib/http/client-address.ts); null when none is configured. */
export function trustedProxies(): ReturnType<typeof trustedProxyList> {
  if (!trustedProxiesCache) {
    const parsed = parseTrustedProxies(env.TRUSTED_PROXIES ?? "");
    trustedProxiesCache = { list: parsed.ok ? trustedProxyList(parsed.entries) : null };
  }
  return trustedProxiesCache.list;
}

/**
 * The app's public address without a trailing slash (APP_URL, else http://localhost:PORT):
 * append paths to it as `${appUrl}/t/…`.
 */
export const appUrl: string = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");

/** Derived settings, with the rules no single variable can express. */
export function runtimeSettings(): RuntimeSettings {
  const embedded = env.EMBEDDED_DATABASE === "1";
  const demoMode = demoModeOn({
    nodeEnv: env.NODE_ENV,
    demoMode: env.DEMO_MODE,
    embedded,
    ownDatabase: Boolean(env.DATABASE_URL) && !embedded,
  });
  return { demoMode, appUrl };
}

export interface NotifySettings {
  appUrl: string;
  mailFrom: string;
  smtpUrl: string | null;
  twilio: {
    accountSid: string;
    authToken: string;
    from: string | null;
    messagingServiceSid: string | null;
    apiBaseUrl: string | null;
  } | null;
  etaThresholdMs: number;
  concurrency: number;
  deadAfterMs: number;
  sendingLeaseMs: number;
  /** null = links point at the sign-in-only payout page */
  linkSecret: string | null;
  linkTtlMs: number;
  sweepDelays: boolean;
}

/** How notifications go out; no SMTP_URL / TWILIO_* = recorded in the dev outbox instead. */
export function notifySettings(): NotifySettings {
  const anyTwilio = [
    env.TWILIO_ACCOUNT_SID,
    env.TWILIO_AUTH_TOKEN,
    env.TWILIO_FROM,
    env.TWILIO_MESSAGING_SERVICE_SID,
  ].some(Boolean);
  let twilio: NotifySettings["twilio"] = null;
  if (anyTwilio) {
    const missing = [
      env.TWILIO_ACCOUNT_SID ? null : "TWILIO_ACCOUNT_SID",
      env.TWILIO_AUTH_TOKEN ? null : "TWILIO_AUTH_TOKEN",
      env.TWILIO_FROM || env.TWILIO_MESSAGING_SERVICE_SID ? null : "TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID",
    ].filter(Boolean);
    if (missing.length > 0) {
      throw new Error(`SMS is half configured: set ${missing.join(", ")} too, or unset every TWILIO_* variable.`);
    }
    twilio = {
      accountSid: env.TWILIO_ACCOUNT_SID as string,
      authToken: env.TWILIO_AUTH_TOKEN as string,
      from: env.TWILIO_FROM ?? null,
      messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID ?? null,
      apiBaseUrl: env.TWILIO_API_BASE_URL ?? null,
    };
  }
  return {
    appUrl: runtimeSettings().appUrl,
    mailFrom: env.MAIL_FROM,
    smtpUrl: env.SMTP_URL ?? null,
    twilio,
    etaThresholdMs: env.NOTIFY_ETA_THRESHOLD_MINUTES * 60_000,
    concurrency: env.WORKER_CONCURRENCY,
    deadAfterMs: env.WORKER_DEAD_AFTER_SECONDS * 1000,
    sendingLeaseMs: env.NOTIFY_SENDING_LEASE_SECONDS * 1000,
    linkSecret: env.AUTH_SECRET ?? null,
    linkTtlMs: env.TRACKING_LINK_DAYS * 86_400_000,
    sweepDelays: env.SWEEP_DELAYS === "1",
  };
}
