import type { Db } from "../db/client";
import { getPgPool } from "../db/client";
import { poolSql, withPgTransaction } from "../db/sql";
import { actionUrlProblem } from "../payouts/action-url";
import { hitRateLimit } from "../rate-limit/fixed-window";
import { applyBatch, type IngestItem, type IngestSource, ingestKeys } from "./apply-batch";
import { IngestQueue, type QueuedEvent } from "./ingest-queue";
import type { IngestResponse } from "./ingest-response";
import { fieldIssues, MAX_BODY_BYTES, type TIngestEvent, ZIngestEvent } from "./schema";
import { verifySignature } from "./signature";

export type { IngestResponse } from "./ingest-response";

export interface IngestConfig {
  /** the signing secret, and the previous one during a rotation */
  secrets: readonly string[];
  /** events per minute per sender */
  ratePerMinute: number;
  /** hosts `payout.action_url` may point to (ACTION_URL_HOSTS); none = every action link is refused */
  actionUrlHosts?: readonly string[];
}

/** Events per transaction at most, and transactions in flight at once per process. */
export const INGEST_MAX_BATCH = 100;
export const INGEST_CONCURRENCY = 2;
/** Events waiting at most, and how long one may wait for its batch, before a 503. */
export const INGEST_MAX_BACKLOG = 5_000;
export const INGEST_MAX_WAIT_MS = 10_000;

const RATE_WINDOW_SECONDS = 60;

let queue: IngestQueue | undefined;

function ingestQueue(): IngestQueue {
  queue ??= new IngestQueue({
    maxBatch: INGEST_MAX_BATCH,
    concurrency: INGEST_CONCURRENCY,
    run: runBatch,
    keys: ingestKeys,
    maxBacklog: INGEST_MAX_BACKLOG,
    maxWaitMs: INGEST_MAX_WAIT_MS,
  });
  return queue;
}

/**
 * The ingest API's logic (route: app/api/v1/events). In order: size, signature, JSON,
 * schema; then the event joins the next batch (lib/ingest/ingest-queue.ts), which counts
 * the rate limit and applies its events in one transaction. Whatever is rejected writes
 * nothing (a duplicate does not even update the customer).
 */
export async function ingestEvent(
  _db: Db,
  request: { rawBody: Buffer; signature: string | null; sender?: string },
  config: IngestConfig,
  now: Date = new Date(),
): Promise<IngestResponse> {
  if (request.rawBody.length > MAX_BODY_BYTES) {
    return { status: 413, body: { error: "too_large", message: `The body is larger than ${MAX_BODY_BYTES} bytes.` } };
  }
  const check = verifySignature(request.signature, request.rawBody, config.secrets, Math.floor(now.getTime() / 1000));
  if (!check.ok) {
    return { status: 401, body: { error: "invalid_signature", message: check.reason } };
  }
  // After the signature (which covers the bytes, whatever they are): a lenient decode would
  // turn a broken byte into U+FFFD and store text the sender never signed.
  const text = decodeUtf8(request.rawBody);
  if (!text.ok) {
    return {
      status: 400,
      body: {
        error: "invalid_encoding",
        message: "The body is not valid UTF-8.",
        issues: [{ path: "(body)", message: `not valid UTF-8 at byte ${text.offset}` }],
      },
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.text);
  } catch {
    return { status: 400, body: { error: "invalid_json", message: "The body is not valid JSON." } };
  }
  const parsed = ZIngestEvent.safeParse(json);
  if (!parsed.success) {
    return {
      status: 400,
      body: {
        error: "invalid_event",
        message: "The event does not match the schema.",
        issues: fieldIssues(parsed.error),
      },
    };
  }
  // After the schema (which checked the link's shape): the host depends on this server's configuration.
  const actionUrl = parsed.data.payout.action_url;
  const linkProblem = actionUrl ? actionUrlProblem(actionUrl, config.actionUrlHosts ?? []) : null;
  if (linkProblem) {
    return {
      status: 400,
      body: {
        error: "invalid_event",
        message: "The event does not match the schema.",
        issues: [{ path: "payout.action_url", message: linkProblem }],
      },
    };
  }
  return ingestQueue().submit({
    event: parsed.data,
    now,
    sender: request.sender ?? "default",
    ratePerMinute: config.ratePerMinute,
  });
}

/**
 * The body as text, or the offset of the first byte that is not UTF-8. A byte-order mark
 * is kept (and so refused by JSON.parse, as before).
 */
export function decodeUtf8(raw: Uint8Array): { ok: true; text: string } | { ok: false; offset: number } {
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(raw) };
  } catch {
    // The longest prefix that still decodes (an unfinished sequence at its end is allowed
    // while streaming) ends where the broken byte is: a binary search, on the error path only.
    let good = 0;
    let bad = raw.length;
    while (bad - good > 1) {
      const mid = Math.floor((good + bad) / 2);
      try {
        new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(raw.subarray(0, mid), { stream: true });
        good = mid;
      } catch {
        bad = mid;
      }
    }
    return { ok: false, offset: good };
  }
}

/**
 * One batch: the rate limit counted with one statement per sender (events past the limit
 * answer 429 and are not applied; an event is counted once, also when its batch is retried),
 * then the rest in one transaction (applyBatch).
 */
async function runBatch(items: QueuedEvent[]): Promise<IngestResponse[]> {
  await countRateLimit(items.filter((item) => item.rateVerdict === undefined));
  const answers: (IngestResponse | undefined)[] = items.map((item) => item.rateVerdict ?? undefined);
  const allowed = items.flatMap((item, i) => (answers[i] ? [] : [{ item, i }]));
  if (allowed.length > 0) {
    const applied = await applyIngestedBatch(
      allowed.map((a) => a.item),
      "API",
    );
    allowed.forEach((a, n) => {
      answers[a.i] = applied[n];
    });
  }
  return answers as IngestResponse[];
}

/** Counts the events against their sender's limit, in arrival order, and records each verdict on it. */
async function countRateLimit(items: QueuedEvent[]): Promise<void> {
  const groups = new Map<string, QueuedEvent[]>();
  for (const item of items) {
    const window = Math.floor(item.now.getTime() / (RATE_WINDOW_SECONDS * 1000));
    const group = `${item.sender}\u0000${item.ratePerMinute}\u0000${window}`;
    const members = groups.get(group);
    if (members) {
      members.push(item);
    } else {
      groups.set(group, [item]);
    }
  }
  const sql = poolSql(getPgPool());
  for (const members of groups.values()) {
    const first = members[0] as QueuedEvent;
    const limit = await hitRateLimit(
      sql,
      `ingest:${first.sender}`,
      first.ratePerMinute,
      RATE_WINDOW_SECONDS,
      first.now,
      members.length,
    );
    // The window's count before these hits, then one more per event, in arrival order.
    const before = limit.count - members.length;
    members.forEach((item, n) => {
      item.rateVerdict =
        before + n + 1 > first.ratePerMinute
          ? {
              status: 429,
              body: {
                error: "rate_limited",
                message: `More than ${first.ratePerMinute} events a minute; retry later.`,
              },
              retryAfterSeconds: limit.retryAfterSeconds,
            }
          : null;
    });
  }
}

/**
 * Applies validated events in one transaction on a plain pg connection (the API's and the
 * CSV back-fill's batches). Their event ids, customers and payouts must be distinct (see
 * ingestKeys). Answers in the order given.
 */
export function applyIngestedBatch(items: readonly IngestItem[], source: IngestSource): Promise<IngestResponse[]> {
  return withPgTransaction(getPgPool(), (sql) => applyBatch(sql, items, source));
}

/**
 * Applies one validated event in a transaction of its own, on a plain pg connection (the
 * CSV back-fill; the API batches through the queue). `db` names the database the caller
 * works on; the pool is the same database's.
 */
export async function applyIngested(
  _db: Db,
  event: TIngestEvent,
  now: Date = new Date(),
  source: IngestSource = "API",
): Promise<IngestResponse> {
  const [answer] = await applyIngestedBatch([{ event, now }], source);
  if (!answer) {
    throw new Error("applyBatch returned no answer");
  }
  return answer;
}
