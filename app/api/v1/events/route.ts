import { getDb } from "@/lib/db/client";
import { ingestSettings } from "@/lib/env";
import { readLimited } from "@/lib/http/read-limited";
import { ingestEvent } from "@/lib/ingest/ingest-event";
import { MAX_BODY_BYTES } from "@/lib/ingest/schema";
import { logger } from "@/lib/logging/logger";
import { withHttpMetrics } from "@/lib/ops/http-metrics";
import { recordIngestAnswer } from "@/lib/ops/ingest-metrics";

const TOO_LARGE = { error: "too_large", message: `The body is larger than ${MAX_BODY_BYTES} bytes.` };

// POST /api/v1/events — the signed ingest API (contract: shared/ARCHITECTURE.md, "Ingest API").
export const POST = withHttpMetrics("/api/v1/events", async (request: Request): Promise<Response> => {
  // readLimited also refuses a declared Content-Length above the limit before reading.
  const rawBody = await readLimited(request, MAX_BODY_BYTES);
  if (rawBody === null) {
    recordIngestAnswer(413, null, null);
    return Response.json(TOO_LARGE, { status: 413 });
  }
  const headers: Record<string, string> = { "cache-control": "no-store" };
  let answer: Awaited<ReturnType<typeof ingestEvent>>;
  try {
    answer = await ingestEvent(
      getDb(),
      { rawBody, signature: request.headers.get("payout-signature") },
      ingestSettings(),
    );
  } catch (error) {
    // An outage (database down, pool exhausted), not the sender's fault: nothing was
    // committed, so the sender retries the same event id. The log names the error kind only.
    logger("ingest").error(
      { errorName: error instanceof Error ? error.name : "unknown", errorCode: (error as { code?: string }).code },
      "ingest failed",
    );
    recordIngestAnswer(503, null, null);
    return Response.json(
      { error: "unavailable", message: "Temporarily unavailable; retry the same event later." },
      { status: 503, headers: { ...headers, "retry-after": "5" } },
    );
  }
  if (answer.status === 429) {
    headers["retry-after"] = String(answer.retryAfterSeconds);
  }
  recordIngestAnswer(answer.status, answer.status === 200 ? answer.body.result : null, rawBody);
  return Response.json(answer.body, { status: answer.status, headers });
});
