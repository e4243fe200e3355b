import { INGEST_OPENAPI } from "@/lib/ingest/openapi";

// GET /api/v1/openapi.json — the ingest API's OpenAPI 3.1 description (lib/ingest/openapi.ts).
export function GET(): Response {
  return Response.json(INGEST_OPENAPI, { headers: { "cache-control": "public, max-age=300" } });
}
