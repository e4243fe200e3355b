import "server-only";
import { headers } from "next/headers";
import { type Logger, logger } from "./logger";
import { REQUEST_ID_HEADER } from "./request-id";

/**
 * A logger for pages and server actions, with the request id proxy.ts put on the request
 * (route handlers wrapped in withHttpMetrics have it already, through AsyncLocalStorage).
 * Outside a request (a script, a test) it is the plain logger.
 */
export async function requestLogger(component: string): Promise<Logger> {
  const log = logger(component);
  try {
    const requestId = (await headers()).get(REQUEST_ID_HEADER);
    return requestId ? log.child({ requestId }) : log;
  } catch {
    return log; // no request scope
  }
}
