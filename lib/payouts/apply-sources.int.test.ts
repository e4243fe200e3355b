import { beforeEach, describe, expect, it } from "vitest";
import { ingestBody, signed, TEST_SECRET } from "../../test/ingest-helpers";
import { resetDatabase } from "../../test/reset-database";
import { getDb, getPgPool } from "../db/client";
import { withPgTransaction } from "../db/sql";
import { answer, applyBatch, toInput } from "../ingest/apply-batch";
import { ingestEvent } from "../ingest/ingest-event";
import { ZIngestEvent } from "../ingest/schema";
import { applyEvent, applyEvents } from "./apply";
import type { ApplyEventInput } from "./apply-rules";

// The one door (applyEvents): every source sends its changes through it, so the same events
// get the same answers and leave the same payout behind, whichever way they came in.
const NOW = new Date("2026-11-22T10:01:00Z");
const config = { secrets: [TEST_SECRET], ratePerMinute: 10_000 };

type Step = {
  id: string;
  at: string;
  stage: string;
  customer?: string;
  amount?: number;
  currency?: string;
  method?: string;
  reason?: string | null;
};

/** One payout's events as the platform sends them (a snapshot each). */
function body(step: Step) {
  const base = ingestBody();
  return ingestBody({
    id: step.id,
    occurred_at: step.at,
    payout: {
      external_id: "po_same",
      stage: step.stage,
      reason_code: step.reason ?? null,
      amount_minor: step.amount ?? 125_000,
      currency: step.currency ?? "EUR",
      method: step.method ?? "sepa",
      customer: { ...base.payout.customer, external_id: step.customer ?? "cus_same" },
    },
  });
}

const inputOf = (step: Step, source: "API" | "BACKFILL" = "API") =>
  toInput({ event: ZIngestEvent.parse(body(step)), now: NOW }, source);

/** The answer as the API states it: the result, or the status with the reason. */
type Said = string;
const said = (response: { status: number; body: { result?: string; message?: string } }): Said =>
  response.status === 200 ? (response.body.result ?? "?") : `${response.status} ${response.body.message}`;

/** How each source sends one event; every one ends in applyEvents. */
const SOURCES: Record<string, (step: Step) => Promise<Said>> = {
  // POST /api/v1/events: signature, schema, the ingest queue's group commit
  "ingest API": async (step) => said(await ingestEvent(getDb(), signed(body(step), NOW), config, NOW)),
  // the CSV back-fill's path (its job applies rows in batches like this): recorded, never notified
  "back-fill": async (step) => {
    const event = ZIngestEvent.parse(body(step));
    const [said1] = await withPgTransaction(getPgPool(), (sql) => applyBatch(sql, [{ event, now: NOW }], "BACKFILL"));
    return said1 ? said(said1) : "no answer";
  },
  // in process, one event, on Prisma's transaction (as admins' commands run)
  "applyEvent (Prisma)": async (step) => said(answer(await applyEvent(inputOf(step), { now: () => NOW }))),
  // in process, on the pg pool (as the sweeper and notices run), owner given by customer id
  "applyEvent (pool, customer id)": async (step) => {
    const input = inputOf(step);
    const ref = input.payout as Extract<ApplyEventInput["payout"], { externalId: string }>;
    if (ref.create && "customer" in ref.create) {
      const { customer, ...facts } = ref.create;
      const owner = await getDb().customer.upsert({
        where: { externalId: customer.externalId },
        create: customer,
        update: {},
      });
      ref.create = { ...facts, customerId: owner.id, customerTimeZone: customer.timeZone };
    }
    return said(answer(await applyEvent(input, { pool: getPgPool(), now: () => NOW })));
  },
  // a batch of events for several payouts, this one among them
  "applyEvents batch": async (step) => {
    const other = inputOf({ ...step, id: `${step.id}_other` });
    const ref = other.payout as Extract<ApplyEventInput["payout"], { externalId: string }>;
    other.payout = {
      ...ref,
      externalId: `other_${step.id}`,
      create:
        ref.create && "customer" in ref.create
          ? { ...ref.create, customer: { ...ref.create.customer, externalId: `cus_other_${step.id}` } }
          : ref.create,
    };
    const [, mine] = await applyEvents([other, inputOf(step)], { pool: getPgPool(), now: () => NOW });
    return said(answer(mine ?? { ok: false, code: "NOT_FOUND", message: "no answer" }));
  },
};

/** What a customer and support see of the payout afterwards (not who sent what, nor messages). */
async function stored() {
  const payout = await getDb().payout.findUnique({
    where: { externalId: "po_same" },
    include: { events: { orderBy: { occurredAt: "asc" } }, customer: { select: { externalId: true } } },
  });
  if (!payout) {
    return null;
  }
  return {
    owner: payout.customer.externalId,
    stage: payout.stage,
    pausedFrom: payout.pausedFrom,
    reasonCode: payout.reasonCode,
    delayed: payout.delayed,
    amountMinor: payout.amountMinor,
    currency: payout.currency,
    method: payout.method,
    etaAt: payout.etaAt,
    originalEtaAt: payout.originalEtaAt,
    stageEnteredAt: payout.stageEnteredAt,
    lastEventAt: payout.lastEventAt,
    events: payout.events.map((e) => [e.eventId, e.outcome, e.fromStage, e.stage, e.etaAt?.toISOString() ?? null]),
  };
}

const MOVED_BACK = "A payout never moves backwards: VERIFYING cannot go back to REQUESTED.";
const CASES: { name: string; steps: Step[]; answers: Said[] }[] = [
  {
    name: "created, moved on, replayed, sent backwards, and an older snapshot",
    steps: [
      { id: "e1", at: "2026-11-22T09:00:00Z", stage: "REQUESTED" },
      { id: "e2", at: "2026-11-22T09:10:00Z", stage: "VERIFYING" },
      { id: "e2", at: "2026-11-22T09:10:00Z", stage: "COMPLETED" },
      { id: "e3", at: "2026-11-22T09:20:00Z", stage: "REQUESTED" },
      { id: "e4", at: "2026-11-22T08:00:00Z", stage: "APPROVED" },
    ],
    answers: ["applied", "applied", "duplicate", `409 ${MOVED_BACK}`, "stale"],
  },
  {
    name: "another owner, amount, currency or method is refused, also for an older snapshot",
    steps: [
      { id: "f1", at: "2026-11-22T09:00:00Z", stage: "VERIFYING" },
      { id: "f2", at: "2026-11-22T09:10:00Z", stage: "APPROVED", customer: "cus_mallory" },
      { id: "f3", at: "2026-11-22T09:10:00Z", stage: "APPROVED", amount: 999 },
      { id: "f4", at: "2026-11-22T09:10:00Z", stage: "APPROVED", currency: "USD" },
      { id: "f5", at: "2026-11-22T09:10:00Z", stage: "APPROVED", method: "swift" },
      { id: "f6", at: "2026-11-22T08:00:00Z", stage: "REQUESTED", amount: 1 },
      { id: "f7", at: "2026-11-22T09:20:00Z", stage: "APPROVED" },
    ],
    answers: [
      "applied",
      "409 payout po_same belongs to another customer",
      "409 the amount, currency and method of payout po_same cannot change",
      "409 the amount, currency and method of payout po_same cannot change",
      "409 the amount, currency and method of payout po_same cannot change",
      "409 the amount, currency and method of payout po_same cannot change",
      "applied",
    ],
  },
  {
    name: "a paused start, a pause and its resume, a final stage, and a time too far ahead",
    steps: [
      { id: "g1", at: "2026-11-22T09:00:00Z", stage: "ON_HOLD", reason: "COMPLIANCE_REVIEW" },
      { id: "g2", at: "2026-11-22T09:00:00Z", stage: "UNDER_REVIEW" },
      { id: "g3", at: "2026-11-22T09:05:00Z", stage: "ON_HOLD", reason: "COMPLIANCE_REVIEW" },
      { id: "g4", at: "2026-11-22T09:10:00Z", stage: "APPROVED" },
      { id: "g5", at: "2026-11-22T09:20:00Z", stage: "CANCELED" },
      { id: "g6", at: "2026-11-22T09:30:00Z", stage: "APPROVED" },
      { id: "g7", at: "2026-11-22T10:07:00Z", stage: "CANCELED" },
    ],
    answers: [
      "409 A new payout cannot start ON_HOLD; send the stage it paused at first.",
      "applied",
      "applied",
      "applied",
      "applied",
      "409 CANCELED is final: a payout cannot move from CANCELED to APPROVED.",
      "400 occurred_at 2026-11-22T10:07:00.000Z lies in the future (server time 2026-11-22T10:01:00.000Z).",
    ],
  },
];

beforeEach(resetDatabase);

describe("one door: every source gets the same answers and leaves the same payout", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const outcomes: Record<string, { answers: Said[]; state: Awaited<ReturnType<typeof stored>> }> = {};
      for (const [source, send] of Object.entries(SOURCES)) {
        await resetDatabase();
        const answers: Said[] = [];
        for (const step of c.steps) {
          answers.push(await send(step));
        }
        outcomes[source] = { answers, state: await stored() };
      }
      const [first, ...rest] = Object.values(outcomes);
      expect(first?.answers).toEqual(c.answers);
      for (const [source, outcome] of Object.entries(outcomes)) {
        expect({ source, ...outcome }).toEqual({ source, ...first });
      }
      expect(rest.length).toBe(Object.keys(SOURCES).length - 1);
    });
  }
});

/** A stage move on an existing payout, as each source names it: the platform by external id, an admin by reference, the sweeper by id. */
const MOVERS: Record<string, (step: Step) => Promise<Said>> = {
  "ingest API": SOURCES["ingest API"] as (step: Step) => Promise<Said>,
  admin: async (step) => {
    const payout = await getDb().payout.findUniqueOrThrow({ where: { externalId: "po_same" } });
    const staff = await getDb().staffUser.create({
      data: { email: `admin.${step.id}@example.com`, name: "Grace", role: "ADMIN" },
    });
    const input: ApplyEventInput = {
      eventId: step.id,
      occurredAt: new Date(step.at),
      source: { kind: "ADMIN", staffId: staff.id },
      payout: { reference: payout.reference },
      stage: inputOf(step).stage,
      reasonCode: inputOf(step).reasonCode,
    };
    return said(answer(await applyEvent(input, { now: () => NOW })));
  },
  sweeper: async (step) => {
    const payout = await getDb().payout.findUniqueOrThrow({ where: { externalId: "po_same" } });
    const input: ApplyEventInput = {
      eventId: step.id,
      occurredAt: new Date(step.at),
      source: { kind: "SWEEPER" },
      payout: { id: payout.id },
      stage: inputOf(step).stage,
      reasonCode: inputOf(step).reasonCode,
    };
    return said(answer(await applyEvent(input, { pool: getPgPool(), now: () => NOW })));
  },
};

const MOVES: [from: string, to: string, reason: string | null, answer: Said][] = [
  ["VERIFYING", "APPROVED", null, "applied"],
  ["APPROVED", "VERIFYING", null, "409 A payout never moves backwards: APPROVED cannot go back to VERIFYING."],
  [
    "SENT",
    "ON_HOLD",
    "COMPLIANCE_REVIEW",
    "409 A payout that is SENT is already with the bank and cannot be paused (ON_HOLD).",
  ],
  ["SENT", "CANCELED", null, "409 A payout that is SENT is already with the bank and cannot be canceled."],
  [
    "PROCESSING",
    "RETURNED",
    "BANK_REJECTED",
    "409 Only a SENT payout can be returned by the bank, not one that is PROCESSING.",
  ],
  ["COMPLETED", "SENT", null, "409 COMPLETED is final: a payout cannot move from COMPLETED to SENT."],
  ["PROCESSING", "FAILED", "BANK_REJECTED", "applied"],
];

describe("one door: a move by an admin or the sweeper meets the platform's stage rules", () => {
  for (const [from, to, reason, expected] of MOVES) {
    it(`${from} → ${to}: ${expected}`, async () => {
      const results: Record<string, { said: Said; stage: string | undefined }> = {};
      for (const [source, move] of Object.entries(MOVERS)) {
        await resetDatabase();
        expect(await SOURCES["ingest API"]?.({ id: "m1", at: "2026-11-22T09:00:00Z", stage: from })).toBe("applied");
        const answered = await move({ id: "m2", at: "2026-11-22T09:10:00Z", stage: to, reason });
        const stage = (await getDb().payout.findUnique({ where: { externalId: "po_same" } }))?.stage;
        results[source] = { said: answered, stage };
      }
      for (const source of Object.keys(MOVERS)) {
        expect({ source, ...results[source] }).toEqual({
          source,
          said: expected,
          stage: expected === "applied" ? to : from,
        });
      }
    });
  }
});

describe("one door: a batch", () => {
  it("that names one payout twice (by external id and by reference) throws and writes nothing", async () => {
    expect(await SOURCES["ingest API"]?.({ id: "b1", at: "2026-11-22T09:00:00Z", stage: "VERIFYING" })).toBe("applied");
    const payout = await getDb().payout.findUniqueOrThrow({ where: { externalId: "po_same" } });
    const byReference: ApplyEventInput = {
      eventId: "b3",
      occurredAt: new Date("2026-11-22T09:20:00Z"),
      source: { kind: "SWEEPER" },
      payout: { reference: payout.reference },
      stage: "PROCESSING",
    };
    const batch = [inputOf({ id: "b2", at: "2026-11-22T09:10:00Z", stage: "APPROVED" }), byReference];
    await expect(applyEvents(batch, { pool: getPgPool(), now: () => NOW })).rejects.toThrow(/same payout/);
    expect(await getDb().payoutEvent.count()).toBe(1);
    expect((await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } })).stage).toBe("VERIFYING");
    // Apart, each gets its answer.
    expect(await applyEvents(batch.slice(0, 1), { now: () => NOW })).toMatchObject([{ ok: true, result: "applied" }]);
    expect(await applyEvents(batch.slice(1), { now: () => NOW })).toMatchObject([{ ok: true, result: "applied" }]);
    expect((await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } })).stage).toBe("PROCESSING");
  });

  it("answers every event in input order, unknown payouts and future times among them, in one transaction", async () => {
    const answers = await applyEvents(
      [
        inputOf({ id: "c1", at: "2026-11-22T09:00:00Z", stage: "REQUESTED" }),
        { eventId: "c2", occurredAt: NOW, source: { kind: "SWEEPER" }, payout: { id: "nope" }, stage: "SENT" },
        {
          eventId: "c3",
          occurredAt: new Date("2026-11-22T11:00:00Z"),
          source: { kind: "API" },
          payout: { externalId: "po_later" },
        },
      ],
      { now: () => NOW },
    );
    expect(answers.map((a) => (a.ok ? a.result : a.code))).toEqual(["applied", "NOT_FOUND", "INVALID_EVENT"]);
    expect(await getDb().payout.count()).toBe(1);
  });
});
