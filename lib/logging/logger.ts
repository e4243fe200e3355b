import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "../env";
import { redactLogText, redactLogValue } from "./redact-log";

export type { Logger } from "pino";
export { REQUEST_ID_HEADER, requestIdFrom } from "./request-id";

/** What every line logged while handling one request carries. */
export interface RequestContext {
  requestId: string;
}

export interface LoggerOptions {
  level?: string;
  /** where lines go; stdout by default */
  destination?: DestinationStream;
  /** fields on every line, e.g. { process: "worker" } */
  base?: Record<string, unknown>;
}

// One per process, not per bundle: Next.js may load this module once per route bundle.
const globalForLogging = globalThis as unknown as {
  __payoutTrackerLogger?: Logger;
  __payoutTrackerComponents?: Map<string, Logger>;
  __payoutTrackerRequestContext?: AsyncLocalStorage<RequestContext>;
};

globalForLogging.__payoutTrackerRequestContext ??= new AsyncLocalStorage<RequestContext>();
const requestContext = globalForLogging.__payoutTrackerRequestContext;

/**
 * JSON lines (pino) at LOG_LEVEL. Each line carries the request id of the request it was
 * logged for (AsyncLocalStorage), and is redacted on the way out: no full email address,
 * phone number or token in any field or message (lib/logging/redact-log.ts).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? env.LOG_LEVEL,
      base: { pid: process.pid, ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: "msg",
      errorKey: "err",
      formatters: {
        level: (label) => ({ level: label }),
        log: (record) => redactLogValue(record) as Record<string, unknown>,
      },
      mixin: () => {
        const context = requestContext.getStore();
        return context ? { requestId: context.requestId } : {};
      },
      hooks: {
        // The message (and printf-style arguments) are redacted too, not only the fields.
        logMethod(args, method) {
          const redacted = args.map((arg) => (typeof arg === "string" ? redactLogText(arg) : arg)) as Parameters<
            typeof method
          >;
          return method.apply(this, redacted);
        },
      },
      serializers: {
        // pino may hand over its own serialization of an Error (type, message, stack) or the Error itself
        err: (error: unknown) =>
          redactLogValue(typeof error === "object" && error !== null ? error : { message: String(error) }),
      },
    },
    options.destination,
  );
}

/** The process's logger; `component` names the part of the app on each line ("ingest", "worker", …). */
export function logger(component?: string): Logger {
  globalForLogging.__payoutTrackerLogger ??= createLogger();
  if (!component) {
    return globalForLogging.__payoutTrackerLogger;
  }
  // One child per component, not one per call: the ingest path asks for its logger on every request.
  globalForLogging.__payoutTrackerComponents ??= new Map();
  let child = globalForLogging.__payoutTrackerComponents.get(component);
  if (!child) {
    child = globalForLogging.__payoutTrackerLogger.child({ component });
    globalForLogging.__payoutTrackerComponents.set(component, child);
  }
  return child;
}

/** Runs `work` with `requestId` on every line it logs (also in what it awaits). */
export function withRequestContext<T>(context: RequestContext, work: () => T): T {
  return requestContext.run(context, work);
}

/** The id of the request being handled, if any (to hand on to the jobs it adds). */
export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}
