/**
 * Property-based fuzzing of the ingest API's logic (the function the route calls),
 * against the real PostgreSQL. Whatever arrives, ingestEvent() answers — it never
 * throws (a throw would be a 5xx) — with a status of the contract, and a rejected
 * request writes nothing.
 */
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import {
  FUZZ_NOW,
  type Json,
  type Mutation,
  mutate,
  mutation,
  type TValidEvent,
  targeted,
  textEdit,
  validEvent,
} from "../../test/ingest-arbitraries";
import { TEST_SECRET } from "../../test/ingest-helpers";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { checkTransition, type HappyStage, isPaused, type Stage } from "../payouts/stages";
import { type IngestResponse, ingestEvent } from "./ingest-event";
import { MAX_BODY_BYTES } from "./schema";
import { signPayload, verifySignature } from "./signature";

const NOW = FUZZ_NOW;
const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);
const CONTRACT_STATUSES = [200, 400, 401, 409, 413, 429];
const RUNS = 250;

interface Snapshot {
  customers: number;
  payouts: number;
  events: number;
  /** every column of every customer and payout: a rejected request must not change a byte */
  digest: string;
}

async function snapshot(): Promise<Snapshot> {
  const rows = await getDb().$queryRaw<Snapshot[]>`
    select
      (select count(*)::int from customers) as customers,
      (select count(*)::int from payouts) as payouts,
      (select count(*)::int from payout_events) as events,
      md5(coalesce((select string_agg(c::text, '|' order by c.id) from customers c), '') || '#' ||
          coalesce((select string_agg(p::text, '|' order by p.id) from payouts p), '')) as digest`;
  const row = rows[0];
  if (!row) {
    throw new Error("no snapshot row");
  }
  return row;
}

interface Sent {
  answer: IngestResponse;
  before: Snapshot;
  after: Snapshot;
}

/** Sends raw bytes with a signature (by default a valid one) and snapshots the tables around it. */
async function send(
  rawBody: Buffer,
  options: { signature?: string | null; ratePerMinute?: number; sender?: string } = {},
): Promise<Sent> {
  const signature =
    options.signature === undefined ? signPayload(TEST_SECRET, rawBody, NOW_SECONDS) : options.signature;
  const before = await snapshot();
  const answer = await ingestEvent(
    getDb(),
    { rawBody, signature, sender: options.sender },
    { secrets: [TEST_SECRET], ratePerMinute: options.ratePerMinute ?? 1_000_000 },
    NOW,
  );
  const after = await snapshot();
  return { answer, before, after };
}

/** The properties every answer has, whatever was sent. */
function expectContract({ answer, before, after }: Sent): void {
  expect(CONTRACT_STATUSES).toContain(answer.status);
  expect(() => JSON.stringify(answer.body)).not.toThrow();
  if (answer.status !== 200) {
    expect(after).toEqual(before);
  } else {
    expect(after.events - before.events).toBe(answer.body.result === "duplicate" ? 0 : 1);
    expect(after.payouts - before.payouts).toBeGreaterThanOrEqual(0);
    expect(after.payouts - before.payouts).toBeLessThanOrEqual(1);
    expect(after.customers - before.customers).toBeGreaterThanOrEqual(0);
    expect(after.customers - before.customers).toBeLessThanOrEqual(1);
  }
  if (answer.status === 400 && answer.body.error === "invalid_event") {
    expect(answer.body.issues?.length).toBeGreaterThan(0);
    for (const issue of answer.body.issues ?? []) {
      expect(typeof issue.path).toBe("string");
      expect(typeof issue.message).toBe("string");
    }
  }
  if (answer.status === 429) {
    expect(answer.retryAfterSeconds).toBeGreaterThan(0);
  }
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

beforeEach(resetDatabase);

describe("ingest fuzzing: whatever arrives, a contract answer and no partial write", () => {
  it("arbitrary bytes, correctly signed", async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.concat([Buffer.from('{"id":'), b])),
      fc.string({ unit: "binary", maxLength: 300 }).map((s) => Buffer.from(s)),
    );
    await fc.assert(
      fc.asyncProperty(bytes, async (raw) => {
        const sent = await send(Buffer.from(raw));
        expectContract(sent);
        expect(sent.answer.status).not.toBe(200);
      }),
      { numRuns: RUNS },
    );
  });

  it("arbitrary JSON values, correctly signed", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const sent = await send(json(value));
        expectContract(sent);
        expect(sent.answer.status).toBe(400);
      }),
      { numRuns: RUNS },
    );
  });

  it("mutated valid events (dropped fields, wrong types, huge and odd strings, bad dates, extra fields)", async () => {
    // Half the runs change one field of an otherwise valid event (most get past the schema's
    // type checks: the database must cope); the others break the event anywhere.
    const input = fc.oneof(
      fc.record({
        event: validEvent,
        mutations: fc.constant<Mutation[]>([]),
        targeted: targeted.map((t) => [t[0], t[1]] as [string[], Json]),
        edit: fc.constant((text: string) => text),
        limited: fc.constant(false),
      }),
      fc.record({
        event: validEvent,
        mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
        targeted: fc.option(
          targeted.map((t) => [t[0], t[1]] as [string[], Json]),
          { nil: null },
        ),
        edit: textEdit,
        limited: fc.boolean(), // a sender over its rate limit (429) must not write either
      }),
    );
    await fc.assert(
      fc.asyncProperty(input, async ({ event, mutations, targeted, edit, limited }) => {
        const fresh = { ...event, id: `${event.id}_m` };
        const raw = Buffer.from(edit(JSON.stringify(mutate(fresh, mutations, targeted))));
        const sent = await send(raw, limited ? { ratePerMinute: 1, sender: "over-the-limit" } : {});
        expectContract(sent);
        if (raw.length > MAX_BODY_BYTES) {
          expect(sent.answer.status).toBe(413);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("arbitrary and mutated signature headers: 401 and nothing written unless the header verifies", async () => {
    const header = fc.oneof(
      fc.constant(null),
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.string({ unit: fc.constantFrom("t", "v", "1", "=", ",", " ", "a", "f", "0", "9"), maxLength: 120 }),
      fc
        .tuple(fc.integer({ min: -400, max: 400 }), fc.nat(), fc.string({ unit: "binary-ascii", maxLength: 2 }))
        .map(([shift, at, s]) => ({ shift, at, s })),
    );
    const input = fc.record({ event: validEvent, header, flip: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(input, async ({ event, header, flip }) => {
        const raw = json({ ...event, id: `${event.id}_s` });
        let signature: string | null;
        if (header === null || typeof header === "string") {
          signature = header;
        } else {
          // a real signature, re-timed (the HMAC then no longer matches unless shift is 0) and/or edited
          const good = signPayload(TEST_SECRET, raw, NOW_SECONDS);
          const retimed = good.replace(`t=${NOW_SECONDS}`, `t=${NOW_SECONDS + header.shift}`);
          const at = header.at % (retimed.length + 1);
          signature = flip ? retimed.slice(0, at) + header.s + retimed.slice(at + header.s.length) : retimed;
        }
        const sent = await send(raw, { signature });
        expectContract(sent);
        const verifies = verifySignature(signature, raw, [TEST_SECRET], NOW_SECONDS).ok;
        expect(sent.answer.status === 401).toBe(!verifies);
        const other = json({ ...event, id: `${event.id}_w` });
        const wrongSecret = await send(other, {
          signature: signPayload("another-secret-0123456789abcdef", other, NOW_SECONDS),
        });
        expect(wrongSecret.answer.status).toBe(401);
        expectContract(wrongSecret);
      }),
      { numRuns: 150 },
    );
  });

  it("valid random events: 200 or 409 as a model predicts, at most one event written", async () => {
    await fc.assert(
      fc.asyncProperty(validEvent, async (event) => {
        // Shrinking replays runs on the same database: the model reads its state each time.
        const { predicted, owner } = await predict(event);
        const sent = await send(json(event));
        expectContract(sent);
        expect([200, 409]).toContain(sent.answer.status);
        expect(sent.answer.status === 200 ? sent.answer.body.result : 409).toBe(predicted);
        const payout = await getDb().payout.findUnique({
          where: { externalId: event.payout.external_id },
          select: { stage: true, customer: { select: { externalId: true } } },
        });
        // a payout never changes owner
        expect(payout?.customer.externalId ?? null).toBe(
          owner ?? (predicted === "applied" ? event.payout.customer.external_id : null),
        );
        if (predicted === "applied") {
          expect(payout?.stage).toBe(event.payout.stage);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("concurrent first events of one payout from two customers: one owner, the other 409", async () => {
    for (let i = 0; i < 25; i++) {
      const base = {
        type: "payout.updated",
        occurred_at: "2026-11-22T10:00:00Z",
        payout: {
          external_id: `po_race_${i}`,
          amount_minor: 500,
          currency: "EUR",
          method: "sepa",
          destination: { label: "DE•• 1234" },
          stage: "REQUESTED",
          reason_code: null,
          note: null,
        },
      };
      const customer = (id: string) => ({ external_id: id, name: id, locale: "en", timezone: "UTC" });
      const answers = await Promise.all(
        ["cus_x", "cus_y"].map((c) => {
          const raw = json({ ...base, id: `evt_race_${i}_${c}`, payout: { ...base.payout, customer: customer(c) } });
          return ingestEvent(
            getDb(),
            { rawBody: raw, signature: signPayload(TEST_SECRET, raw, NOW_SECONDS) },
            { secrets: [TEST_SECRET], ratePerMinute: 1_000_000 },
            NOW,
          );
        }),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const payout = await getDb().payout.findUniqueOrThrow({
        where: { externalId: `po_race_${i}` },
        select: { customerId: true, _count: { select: { events: true } } },
      });
      expect(payout._count.events).toBe(1);
    }
  });

  it.each([
    ["a NUL character in a name", ["payout", "customer", "name"], "Ada\u0000"],
    ["a NUL character in a note", ["payout", "note"], "\u0000"],
    ["a NUL character in a label", ["payout", "destination", "label"], "DE\u0000 1234"],
    ["an unpaired surrogate in a name", ["payout", "customer", "name"], "x\udfff"],
    ["an unpaired surrogate in a note", ["payout", "note"], "\ud800"],
    ["year 0000", ["occurred_at"], "0000-01-01T00:00:00Z"],
    ["year 0001 with an offset that makes it year 0000 in UTC", ["occurred_at"], "0001-01-01T00:00:00+01:00"],
  ])("regression found by fuzzing: %s answers 400 (it used to throw)", async (_label, path, value) => {
    const event = fc.sample(validEvent, { numRuns: 1, seed: 1 })[0];
    if (!event) {
      throw new Error("no sample");
    }
    const sent = await send(json(mutate({ ...event, id: "evt_regression" }, [], [path, value])));
    expect(sent.answer).toMatchObject({ status: 400, body: { issues: [{ path: path.join(".") }] } });
    expectContract(sent);
  });

  it("a body of exactly 64 KiB is read, one byte more is 413", async () => {
    const exact = Buffer.alloc(MAX_BODY_BYTES, 0x20);
    expect((await send(exact)).answer.status).toBe(400);
    const over = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
    const sent = await send(over);
    expect(sent.answer.status).toBe(413);
    expectContract(sent);
  });
});

/** What the contract says the answer to a valid event must be, from the database's state before it. */
async function predict(
  event: TValidEvent,
): Promise<{ predicted: "applied" | "duplicate" | "stale" | 409; owner: string | null }> {
  const db = getDb();
  const p = event.payout;
  const predicted = await predictAnswer(event);
  const owner = await db.payout.findUnique({
    where: { externalId: p.external_id },
    select: { customer: { select: { externalId: true } } },
  });
  return { predicted, owner: owner?.customer.externalId ?? null };
}

async function predictAnswer(event: TValidEvent): Promise<"applied" | "duplicate" | "stale" | 409> {
  const db = getDb();
  if (await db.payoutEvent.findUnique({ where: { eventId: event.id }, select: { id: true } })) {
    return "duplicate";
  }
  const p = event.payout;
  const payout = await db.payout.findUnique({
    where: { externalId: p.external_id },
    select: {
      stage: true,
      pausedFrom: true,
      lastEventAt: true,
      amountMinor: true,
      currency: true,
      method: true,
      customer: { select: { externalId: true } },
    },
  });
  if (!payout) {
    return isPaused(p.stage as Stage) ? 409 : "applied";
  }
  if (
    payout.customer.externalId !== p.customer.external_id ||
    payout.amountMinor !== BigInt(p.amount_minor) ||
    payout.currency !== p.currency ||
    payout.method !== p.method.toUpperCase()
  ) {
    return 409;
  }
  if (new Date(event.occurred_at) < payout.lastEventAt) {
    return "stale";
  }
  return checkTransition(payout.stage, p.stage as Stage, payout.pausedFrom as HappyStage | null).ok ? "applied" : 409;
}
