/** The ingest API's answers (contract: shared/ARCHITECTURE.md, "Ingest API"). */
export type IngestResponse =
  | { status: 200; body: { result: "applied" | "duplicate" | "stale" } }
  | {
      status: 400;
      body: {
        error: "invalid_encoding" | "invalid_json" | "invalid_event";
        message: string;
        issues?: { path: string; message: string }[];
      };
    }
  | { status: 401; body: { error: "invalid_signature"; message: string } }
  | { status: 404 | 409; body: { error: "conflict" | "not_found"; message: string } }
  | { status: 413; body: { error: "too_large"; message: string } }
  | { status: 429; body: { error: "rate_limited"; message: string }; retryAfterSeconds: number };
