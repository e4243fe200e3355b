import { isDatabaseUnavailable } from "../db/sql";
import type { IngestResponse } from "./ingest-response";
import type { TIngestEvent } from "./schema";

/** A validated event waiting for its batch. */
export interface QueuedEvent {
  event: TIngestEvent;
  /** server time at arrival (signature window, future check, rate-limit window) */
  now: Date;
  /** rate-limit bucket of the sender */
  sender: string;
  ratePerMinute: number;
}

export interface IngestQueueOptions {
  /** most events in one transaction */
  maxBatch: number;
  /** batches in flight at once (each holds one database connection) */
  concurrency: number;
  /** runs one batch; answers in the order given; throws when nothing was committed */
  run: (items: QueuedEvent[]) => Promise<IngestResponse[]>;
  /** the lock keys of an event: two events that share one never go in one batch */
  keys: (event: TIngestEvent) => readonly string[];
}

interface Waiting extends QueuedEvent {
  keys: readonly string[];
  resolve: (answer: IngestResponse) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the ingest API. Requests hand their validated event to `submit` and wait
 * for its answer; up to `concurrency` batches run at once, and whatever arrived while they
 * ran makes the next batch (at most `maxBatch`). A lone event is a batch of one and waits
 * for nothing. Events that share a key (the same event id, customer or payout) never share
 * a batch, and a later one never overtakes an earlier one, so a payout's events apply in
 * the order they arrived. If a batch fails for another reason than an unreachable
 * database, its events are retried one by one, so that one bad event cannot fail the others.
 */
export class IngestQueue {
  private waiting: Waiting[] = [];
  private readonly busy = new Set<string>();
  private running = 0;

  constructor(private readonly options: IngestQueueOptions) {}

  submit(item: QueuedEvent): Promise<IngestResponse> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ...item, keys: this.options.keys(item.event), resolve, reject });
      this.pump();
    });
  }

  /** events waiting for a batch (not counting those in flight) */
  get backlog(): number {
    return this.waiting.length;
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.waiting.length > 0) {
      const batch = this.take();
      if (batch.length === 0) {
        return; // everything waiting shares a key with a batch in flight
      }
      this.running += 1;
      void this.runBatch(batch);
    }
  }

  /** The next batch: in arrival order, skipping (and queueing behind) events whose keys are taken. */
  private take(): Waiting[] {
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    const taken = new Set(this.busy);
    for (const w of this.waiting) {
      const free = batch.length < this.options.maxBatch && w.keys.every((k) => !taken.has(k));
      (free ? batch : rest).push(w);
      for (const k of w.keys) {
        taken.add(k); // a skipped event still holds its keys against later ones: order per key
      }
    }
    this.waiting = rest;
    for (const w of batch) {
      for (const k of w.keys) {
        this.busy.add(k);
      }
    }
    return batch;
  }

  private async runBatch(batch: Waiting[]): Promise<void> {
    try {
      const answers = await this.options.run(batch);
      for (const [i, w] of batch.entries()) {
        settle(w, answers[i]);
      }
    } catch (error) {
      if (batch.length === 1 || isDatabaseUnavailable(error)) {
        for (const w of batch) {
          w.reject(error);
        }
      } else {
        for (const w of batch) {
          try {
            settle(w, (await this.options.run([w]))[0]);
          } catch (single) {
            w.reject(single);
          }
        }
      }
    } finally {
      for (const w of batch) {
        for (const k of w.keys) {
          this.busy.delete(k);
        }
      }
      this.running -= 1;
      this.pump();
    }
  }
}

function settle(w: Waiting, answer: IngestResponse | undefined): void {
  if (answer) {
    w.resolve(answer);
  } else {
    w.reject(new Error("the batch returned no answer for an event"));
  }
}
