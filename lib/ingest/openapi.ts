import { MAX_ACTION_URL_BYTES } from "../payouts/action-url";
import { MAX_CLOCK_SKEW_MS } from "../payouts/apply-event";
import { REASON_CODES, STAGES } from "../payouts/stages";
import { EARLIEST_OCCURRED_AT, INGEST_METHODS, MAX_BODY_BYTES, ZIngestCustomer } from "./schema";
import { SIGNATURE_TOLERANCE_SECONDS } from "./signature";

/** The parts of an OpenAPI 3.1 Schema Object (JSON Schema 2020-12) this document uses. */
export interface SchemaObject {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean" | "null" | ("string" | "object" | "null")[];
  description?: string;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean;
  items?: SchemaObject;
  enum?: readonly (string | null)[];
  const?: string;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  examples?: unknown[];
  $ref?: string;
}

interface MediaType {
  schema: SchemaObject;
  example?: unknown;
  examples?: Record<string, { summary: string; value: unknown }>;
}

interface ResponseObject {
  description: string;
  headers?: Record<string, { description: string; required?: boolean; schema: SchemaObject }>;
  content?: { "application/json": MediaType };
}

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  paths: Record<
    string,
    {
      post: {
        operationId: string;
        summary: string;
        description: string;
        security: Record<string, string[]>[];
        requestBody: { required: boolean; content: { "application/json": MediaType } };
        responses: Record<string, ResponseObject>;
      };
    }
  >;
  components: {
    schemas: Record<string, SchemaObject>;
    securitySchemes: Record<string, { type: "apiKey"; in: "header"; name: string; description: string }>;
  };
}

const ID: SchemaObject = {
  type: "string",
  minLength: 1,
  maxLength: 200,
  pattern: "^[A-Za-z0-9_.:-]+$",
};

/** The example of shared/ARCHITECTURE.md, "Ingest API (contract)"; a unit test parses it with ZIngestEvent. */
export const EXAMPLE_EVENT = {
  id: "evt_01JDQ7Z8K2M4N6P8R0T2V4X6Y8",
  type: "payout.updated",
  occurred_at: "2026-11-22T10:00:00Z",
  payout: {
    external_id: "po_123",
    customer: {
      external_id: "cus_9",
      name: "Ada Lovelace",
      email: "ada@example.com",
      phone: "+4915112345678",
      locale: "de",
      timezone: "Europe/Berlin",
    },
    amount_minor: 125000,
    currency: "EUR",
    method: "sepa",
    destination: { label: "DE•• 1234" },
    stage: "PROCESSING",
    reason_code: null,
    note: null,
  },
} as const;

const error = (codes: readonly string[], description: string, extra: Record<string, SchemaObject> = {}) =>
  ({
    type: "object",
    description,
    required: ["error", "message"],
    properties: {
      error: { type: "string", enum: codes },
      message: { type: "string", description: "What was wrong, in English, for the sender's logs." },
      ...extra,
    },
  }) satisfies SchemaObject;

const json = (schema: SchemaObject, example?: unknown): { "application/json": MediaType } => ({
  "application/json": example === undefined ? { schema } : { schema, example },
});

const SIGNATURE_DESCRIPTION = `Every request is signed with the shared secret (\`INGEST_SIGNING_SECRET\`):

    Payout-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>

The HMAC is taken over the timestamp, a dot and the exact bytes of the body as sent. A
timestamp more than ${SIGNATURE_TOLERANCE_SECONDS} s away from the server's clock is rejected (replay window).
The header may carry several \`v1=\` values (one per secret while the sender rotates);
the request is accepted when any of them matches the current secret or, during a
rotation, the previous one (\`INGEST_SIGNING_SECRET_PREVIOUS\`). Missing, malformed,
expired or non-matching signatures answer 401.`;

/** The ingest API (shared/ARCHITECTURE.md, "Ingest API (contract)") as OpenAPI 3.1; served at /api/v1/openapi.json. */
export const INGEST_OPENAPI: OpenApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Payout Tracker ingest API",
    version: "1.0.0",
    description:
      "Payout systems push payout events here. Each event is a snapshot of one payout at `occurred_at`; " +
      "events are idempotent by `id`, and whatever is rejected writes nothing.",
  },
  paths: {
    "/api/v1/events": {
      post: {
        operationId: "ingestPayoutEvent",
        summary: "Record a payout's stage (a signed, idempotent snapshot)",
        description:
          `The body is JSON of at most ${MAX_BODY_BYTES} bytes (64 KiB). A replayed \`id\` is never applied ` +
          "twice (`duplicate`). An event older than the payout's newest applied event is recorded but does not " +
          "move the stage (`stale`). The first event of an unknown payout creates it, and its customer. The " +
          "customer, amount, currency and method of a payout cannot change later (409).",
        security: [{ PayoutSignature: [] }],
        requestBody: {
          required: true,
          content: json({ $ref: "#/components/schemas/PayoutEvent" }, EXAMPLE_EVENT),
        },
        responses: {
          "200": {
            description: "Accepted: applied, a duplicate of an event already received, or recorded as stale.",
            content: json({ $ref: "#/components/schemas/Accepted" }, { result: "applied" }),
          },
          "400": {
            description:
              "The body is not UTF-8, not JSON, or the event does not match the schema (every wrong field listed).",
            content: json(
              { $ref: "#/components/schemas/InvalidEvent" },
              {
                error: "invalid_event",
                message: "The event does not match the schema.",
                issues: [{ path: "payout.currency", message: "an ISO 4217 code in capitals, such as EUR" }],
              },
            ),
          },
          "401": {
            description: "The Payout-Signature header is missing, malformed, expired or does not match.",
            content: json(error(["invalid_signature"], "A bad, missing or expired signature."), {
              error: "invalid_signature",
              message: "signature timestamp outside the 300 s tolerance",
            }),
          },
          "409": {
            description:
              "The event conflicts with the payout: an illegal stage transition (with the reason), or a change " +
              "of the payout's customer, amount, currency or method. Nothing is written.",
            content: json(error(["conflict"], "The event conflicts with what is known of the payout."), {
              error: "conflict",
              message: "A payout never moves backwards: SENT cannot go back to VERIFYING.",
            }),
          },
          "413": {
            description: `The body is larger than ${MAX_BODY_BYTES} bytes.`,
            content: json(error(["too_large"], "The body is too large.")),
          },
          "429": {
            description: "More events a minute than the sender's rate limit (INGEST_RATE_LIMIT_PER_MINUTE).",
            headers: {
              "Retry-After": {
                description: "Seconds until the current one-minute window ends.",
                required: true,
                schema: { type: "integer", minimum: 1 },
              },
            },
            content: json(error(["rate_limited"], "Rate limited; retry after Retry-After seconds.")),
          },
          "503": {
            description:
              "Temporarily unavailable (e.g. the database is down). Nothing was written: retry the same event.",
            headers: {
              "Retry-After": {
                description: "Seconds to wait before retrying.",
                required: true,
                schema: { type: "integer", minimum: 1 },
              },
            },
            content: json(error(["unavailable"], "Temporarily unavailable.")),
          },
        },
      },
    },
  },
  components: {
    securitySchemes: {
      PayoutSignature: { type: "apiKey", in: "header", name: "Payout-Signature", description: SIGNATURE_DESCRIPTION },
    },
    schemas: {
      PayoutEvent: {
        type: "object",
        description: "A snapshot of one payout at `occurred_at`. Unknown fields are ignored.",
        required: ["id", "type", "occurred_at", "payout"],
        properties: {
          id: { ...ID, description: "The sender's event id: a replay of the same id is never applied twice." },
          type: { type: "string", const: "payout.updated" },
          occurred_at: {
            type: "string",
            format: "date-time",
            description:
              `RFC 3339 with a time zone offset (Z or ±hh:mm), not before ${EARLIEST_OCCURRED_AT} and at most ` +
              `${MAX_CLOCK_SKEW_MS / 60_000} minutes ahead of the server's clock.`,
          },
          payout: { $ref: "#/components/schemas/Payout" },
        },
      },
      Payout: {
        type: "object",
        required: ["external_id", "customer", "amount_minor", "currency", "method", "destination", "stage"],
        properties: {
          external_id: { ...ID, description: "The payout's id in the sending system." },
          customer: { $ref: "#/components/schemas/Customer" },
          amount_minor: {
            type: "integer",
            minimum: 0,
            maximum: Number.MAX_SAFE_INTEGER,
            description: "The amount in minor units (cents). Cannot change after the first event.",
          },
          currency: { type: "string", pattern: "^[A-Z]{3}$", description: "ISO 4217 code, such as EUR." },
          method: { type: "string", enum: INGEST_METHODS },
          destination: {
            type: "object",
            required: ["label"],
            properties: {
              label: {
                type: "string",
                minLength: 1,
                maxLength: 100,
                description: "A masked account for display, such as `DE•• 1234`.",
              },
            },
          },
          stage: { type: "string", enum: STAGES, description: "The payout's stage at `occurred_at`." },
          reason_code: {
            type: ["string", "null"],
            enum: [...REASON_CODES, null],
            description: "Why the payout is paused (ACTION_REQUIRED, ON_HOLD), FAILED or RETURNED.",
          },
          note: { type: ["string", "null"], maxLength: 500, description: "A note the customer may see." },
          eta: {
            type: ["string", "null"],
            format: "date-time",
            description:
              "The platform's own promise of completion (RFC 3339, after `occurred_at`), shown to the customer " +
              "instead of ours, rounded later to an honest precision. null or absent: Payout Tracker estimates.",
          },
          delay: {
            type: ["object", "null"],
            required: ["reason_code"],
            properties: { reason_code: { type: "string", enum: REASON_CODES } },
            description:
              "Flags the payout delayed with a reason; the customer is told as for our own delays. " +
              "null clears a delay the platform set; absent leaves it unchanged.",
          },
          action_url: {
            type: ["string", "null"],
            format: "uri",
            maxLength: MAX_ACTION_URL_BYTES,
            description:
              "Where the customer acts on a stopped payout (ACTION_REQUIRED, ON_HOLD, FAILED, RETURNED, CANCELED), " +
              "shown as a button on the payout page, in emails and in text messages instead of the admins' default " +
              "link. An https URL of at most 2 KiB (UTF-8) on a host listed in the server's ACTION_URL_HOSTS, with " +
              "no user name or password; any other link answers 400 (all of them when ACTION_URL_HOSTS is unset). " +
              "null clears it; absent leaves it unchanged on the same stage, and a stage change clears it.",
          },
        },
      },
      Customer: {
        type: "object",
        required: ["external_id", "name", "locale", "timezone"],
        properties: {
          external_id: { ...ID, description: "The customer's id in the sending system." },
          name: { type: "string", minLength: 1, maxLength: 200 },
          email: { type: ["string", "null"], format: "email", maxLength: 254, description: "Stored lower-case." },
          phone: {
            type: ["string", "null"],
            maxLength: 40,
            description: "An international number, such as +4915112345678; stored in E.164.",
          },
          locale: { type: "string", enum: ZIngestCustomer.shape.locale.options },
          timezone: { type: "string", maxLength: 64, description: "IANA time zone, such as Europe/Berlin." },
        },
      },
      Accepted: {
        type: "object",
        required: ["result"],
        properties: {
          result: {
            type: "string",
            enum: ["applied", "duplicate", "stale"],
            description:
              "applied: recorded and the payout updated; duplicate: this id was received before, nothing " +
              "changed; stale: older than the payout's newest event, recorded without changing the payout.",
          },
        },
      },
      InvalidEvent: error(
        ["invalid_encoding", "invalid_json", "invalid_event"],
        "The body is not UTF-8, not JSON, or not a valid event.",
        {
          issues: {
            type: "array",
            description:
              "One entry per wrong field (at most 50); for invalid_encoding one entry, (body), naming the first bad byte; absent for invalid_json.",
            items: {
              type: "object",
              required: ["path", "message"],
              properties: {
                path: {
                  type: "string",
                  description: "Dotted path, such as payout.customer.phone; (body) for the whole.",
                },
                message: { type: "string" },
              },
            },
          },
        },
      ),
    },
  },
};
