import { logger, requestIdFrom, withRequestContext } from "../logging/logger";
import { appMetrics } from "./metrics";

/**
 * A route handler, measured and logged: its requests counted by route pattern and status,
 * the time to its response head in a histogram, and every line it logs carrying the
 * request id (the caller's X-Request-Id, else a new one, echoed in the response).
 */
export function withHttpMetrics<A extends unknown[]>(
  route: string,
  handler: (request: Request, ...rest: A) => Promise<Response>,
): (request: Request, ...rest: A) => Promise<Response> {
  return async (request, ...rest) => {
    const requestId = requestIdFrom(request.headers);
    const started = performance.now();
    let status = 500;
    try {
      const response = await withRequestContext({ requestId }, () => handler(request, ...rest));
      status = response.status;
      try {
        response.headers.set("x-request-id", requestId);
      } catch {
        // immutable headers (Response.redirect): the id is still in the logs
      }
      return response;
    } catch (error) {
      withRequestContext({ requestId }, () => logger("http").error({ err: error, route }, "request failed"));
      throw error;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const labels = { route, method: request.method, status: String(status) };
      const metrics = appMetrics();
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, seconds);
      withRequestContext({ requestId }, () =>
        logger("http").debug({ route, method: request.method, status, ms: Math.round(seconds * 1000) }, "request"),
      );
    }
  };
}
