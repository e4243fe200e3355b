import { createServer, type Server } from "node:http";
import type { Sql } from "../db/sql";
import { metricsResponse, observeDatabase } from "./metrics";

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * A worker's own GET /metrics (WORKER_METRICS_PORT): its notification counters and
 * runtime, plus the database gauges, behind the same METRICS_TOKEN as the web's.
 */
export async function startMetricsServer(options: {
  port: number;
  host?: string;
  token: string | undefined;
  sql: () => Sql;
  deadAfterSeconds: number;
}): Promise<MetricsServer> {
  observeDatabase(options.sql, { deadAfterSeconds: options.deadAfterSeconds });
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method !== "GET" || path !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n");
      return;
    }
    metricsResponse(request.headers.authorization ?? null, options.token)
      .then(async (answer) => {
        response.writeHead(answer.status, Object.fromEntries(answer.headers));
        response.end(await answer.text());
      })
      .catch(() => {
        response.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("metrics failed\n");
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
