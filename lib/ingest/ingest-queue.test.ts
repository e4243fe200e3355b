import { describe, expect, it } from "vitest";
import { IngestBusyError, IngestQueue, type IngestQueueOptions, type QueuedEvent } from "./ingest-queue";
import type { IngestResponse } from "./ingest-response";
import type { TIngestEvent } from "./schema";

// A stand-in for a validated event: only the fields the queue looks at.
function item(id: string, payout: string, customer = `cus_${payout}`): QueuedEvent {
  const event = { id, payout: { external_id: payout, customer: { external_id: customer } } } as unknown as TIngestEvent;
  return { event, now: new Date(), sender: "default", ratePerMinute: 1000 };
}

const keys = (e: TIngestEvent) => [
  `event:${e.id}`,
  `customer:${e.payout.customer.external_id}`,
  `payout:${e.payout.external_id}`,
];
const applied: IngestResponse = { status: 200, body: { result: "applied" } };

function queueWith(
  run: IngestQueueOptions["run"],
  options: Partial<IngestQueueOptions> & Pick<IngestQueueOptions, "maxBatch" | "concurrency">,
) {
  return new IngestQueue({ run, keys, maxBacklog: 1000, maxWaitMs: 60_000, ...options });
}

/** A run function that holds each batch until released, recording what each batch held. */
function controlledRun() {
  const batches: string[][] = [];
  const releases: (() => void)[] = [];
  let failWith: ((ids: string[]) => unknown) | undefined;
  const run = async (items: QueuedEvent[]) => {
    const ids = items.map((i) => i.event.id);
    batches.push(ids);
    await new Promise<void>((resolve) => releases.push(resolve));
    const error = failWith?.(ids);
    if (error) {
      throw error;
    }
    return items.map(() => applied);
  };
  return {
    run,
    batches,
    failWhen: (f: (ids: string[]) => unknown) => {
      failWith = f;
    },
    /** releases every batch in flight, then lets the queue start the next ones */
    releaseAll: async () => {
      for (const release of releases.splice(0)) {
        release();
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

describe("IngestQueue", () => {
  it("runs a lone event at once, and what arrives meanwhile as the next batch, up to maxBatch", async () => {
    const c = controlledRun();
    const queue = queueWith(c.run, { maxBatch: 3, concurrency: 1 });
    const first = queue.submit(item("e1", "p1"));
    expect(c.batches).toEqual([["e1"]]);
    const later = ["e2", "e3", "e4", "e5"].map((id, i) => queue.submit(item(id, `p${i + 2}`)));
    expect(queue.backlog).toBe(4);
    await c.releaseAll();
    expect(await first).toEqual(applied);
    expect(c.batches).toEqual([["e1"], ["e2", "e3", "e4"]]);
    await c.releaseAll();
    await c.releaseAll();
    expect(c.batches).toEqual([["e1"], ["e2", "e3", "e4"], ["e5"]]);
    expect(await Promise.all(later)).toEqual([applied, applied, applied, applied]);
  });

  it("never puts two events of one payout, customer or event id in one batch, and keeps their order", async () => {
    const c = controlledRun();
    const queue = queueWith(c.run, { maxBatch: 10, concurrency: 2 });
    const all = [
      queue.submit(item("a1", "pa")),
      queue.submit(item("a2", "pa")), // same payout as a1: waits for a1's batch
      queue.submit(item("b1", "pb", "cus_shared")),
      queue.submit(item("c1", "pc", "cus_shared")), // same customer as b1
      queue.submit(item("a1", "pa")), // a replay of a1
      queue.submit(item("d1", "pd")),
    ];
    // Two batches at once: a1 alone (it came alone); then b1, the first event free of a1's keys.
    expect(c.batches).toEqual([["a1"], ["b1"]]);
    for (let i = 0; i < 6; i++) {
      await c.releaseAll();
    }
    await Promise.all(all);
    const order = c.batches.flat();
    expect(order.indexOf("a1")).toBeLessThan(order.indexOf("a2"));
    expect(order.lastIndexOf("a1")).toBeGreaterThan(order.indexOf("a2")); // the replay after a2, as it arrived
    expect(order.indexOf("b1")).toBeLessThan(order.indexOf("c1"));
    for (const batch of c.batches) {
      const payouts = batch.map((id) => id[0]);
      expect(new Set(batch).size).toBe(batch.length);
      expect(new Set(payouts).size).toBe(payouts.length);
      expect(batch.includes("b1") && batch.includes("c1")).toBe(false);
    }
  });

  it("runs at most `concurrency` batches at once", async () => {
    const c = controlledRun();
    const queue = queueWith(c.run, { maxBatch: 1, concurrency: 2 });
    const all = ["e1", "e2", "e3", "e4"].map((id, i) => queue.submit(item(id, `p${i}`)));
    expect(c.batches).toEqual([["e1"], ["e2"]]);
    await c.releaseAll();
    expect(c.batches).toEqual([["e1"], ["e2"], ["e3"], ["e4"]]);
    await c.releaseAll();
    expect(await Promise.all(all)).toHaveLength(4);
  });

  it("retries a failed batch one event at a time, so one bad event fails alone", async () => {
    const c = controlledRun();
    c.failWhen((ids) => (ids.includes("bad") ? new Error("duplicate key value violates unique constraint") : null));
    const queue = queueWith(c.run, { maxBatch: 10, concurrency: 1 });
    const blocker = queue.submit(item("first", "p0"));
    const good = queue.submit(item("good", "p1"));
    const bad = queue.submit(item("bad", "p2")).catch((error: unknown) => error);
    const other = queue.submit(item("other", "p3"));
    for (let i = 0; i < 6; i++) {
      await c.releaseAll();
    }
    expect(await blocker).toEqual(applied);
    expect(await good).toEqual(applied);
    expect(await other).toEqual(applied);
    expect(await bad).toBeInstanceOf(Error);
    expect(String(await bad)).toContain("unique constraint");
    expect(c.batches).toEqual([["first"], ["good", "bad", "other"], ["good"], ["bad"], ["other"]]);
  });

  it("does not retry when the database cannot be reached: every event of the batch fails (503, the sender retries)", async () => {
    const c = controlledRun();
    c.failWhen(() => Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
    const queue = queueWith(c.run, { maxBatch: 10, concurrency: 1 });
    const first = queue.submit(item("e1", "p1"));
    const rest = [queue.submit(item("e2", "p2")), queue.submit(item("e3", "p3"))];
    const settled = Promise.allSettled([first, ...rest]);
    for (let i = 0; i < 3; i++) {
      await c.releaseAll();
    }
    expect((await settled).map((s) => s.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(c.batches).toEqual([["e1"], ["e2", "e3"]]);
  });

  it("retries one by one after a lock timeout: one slow key does not fail the batch", async () => {
    const c = controlledRun();
    c.failWhen((ids) =>
      ids.length > 1 ? Object.assign(new Error("canceling statement due to lock timeout"), { code: "55P03" }) : null,
    );
    const queue = queueWith(c.run, { maxBatch: 10, concurrency: 1 });
    const all = Promise.all([
      queue.submit(item("e1", "p1")),
      queue.submit(item("e2", "p2")),
      queue.submit(item("e3", "p3")),
    ]);
    for (let i = 0; i < 5; i++) {
      await c.releaseAll();
    }
    expect(await all).toEqual([applied, applied, applied]);
    expect(c.batches).toEqual([["e1"], ["e2", "e3"], ["e2"], ["e3"]]);
  });

  it("refuses new events while the backlog is full, and events that waited too long, without running them", async () => {
    const c = controlledRun();
    let clock = 0;
    const queue = queueWith(c.run, { maxBatch: 10, concurrency: 1, maxBacklog: 2, maxWaitMs: 1000, now: () => clock });
    const first = queue.submit(item("e1", "p1"));
    const waiting = [queue.submit(item("e2", "p2")), queue.submit(item("e3", "p3"))].map((p) =>
      p.catch((error: unknown) => error),
    );
    await expect(queue.submit(item("e4", "p4"))).rejects.toBeInstanceOf(IngestBusyError);
    clock = 5000; // e2 and e3 have waited 5 s when e1's batch ends
    await c.releaseAll();
    expect(await first).toEqual(applied);
    for (const refused of await Promise.all(waiting)) {
      expect(refused).toBeInstanceOf(IngestBusyError);
    }
    expect(c.batches).toEqual([["e1"]]);
    // and the queue works on
    const later = queue.submit(item("e5", "p5"));
    await c.releaseAll();
    expect(await later).toEqual(applied);
  });
});
