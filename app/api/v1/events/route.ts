import { getDb } from "@/lib/db/client";
import { ingestSettings } from "@/lib/env";
import { readLimited } from "@/lib/http/read-limited";
import { ingestEvent } from "@/lib/ingest/ingest-event";
import { MAX_BODY_BYTES } from "@/lib/ingest/schema";

// POST /api/v1/events — the signed ingest API (contract: shared/ARCHITECTURE.md, "Ingest API").
export async function POST(request: Request): Promise<Response> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) {
    return Response.json(
      { error: "too_large", message: `The body is larger than ${MAX_BODY_BYTES} bytes.` },
      { status: 413 },
    );
  }
  const rawBody = await readLimited(request, MAX_BODY_BYTES);
  if (rawBody === null) {
    return Response.json(
      { error: "too_large", message: `The body is larger than ${MAX_BODY_BYTES} bytes.` },
      { status: 413 },
    );
  }
  const settings = ingestSettings();
  const answer = await ingestEvent(getDb(), { rawBody, signature: request.headers.get("payout-signature") }, settings);
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (answer.status === 429) {
    headers["retry-after"] = String(answer.retryAfterSeconds);
  }
  return Response.json(answer.body, { status: answer.status, headers });
}
