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
  /**
   * Set by the first run that counted this event against the rate limit: null = admitted,
   * otherwise its 429. A retried event is not counted again.
   */
  rateVerdict?: IngestResponse | null;
}

/** The queue is full or an event waited too long for its batch: the sender retries later (503). */
export class IngestBusyError extends Error {
  override name = "IngestBusyError";
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
  /** events waiting at most; more are refused at once (IngestBusyError) */
  maxBacklog: number;
  /** how long an event may wait for its batch before it is refused (IngestBusyError) */
  maxWaitMs: number;
  /** the clock; injected by tests */
  now?: () => number;
}

interface Waiting extends QueuedEvent {
  keys: readonly string[];
  queuedAt: number;
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
 * database (a deadlock, a lock or statement timeout, a constraint), its events are retried
 * one by one, so that one bad event cannot fail the others. The backlog is bounded, and an
 * event that waited longer than `maxWaitMs` is refused: under overload the sender gets a
 * 503 and retries, instead of waiting without end.
 */
export class IngestQueue {
  private waiting: Waiting[] = [];
  private readonly busy = new Set<string>();
  private running = 0;

  constructor(private readonly options: IngestQueueOptions) {}

  submit(item: QueuedEvent): Promise<IngestResponse> {
    if (this.waiting.length >= this.options.maxBacklog) {
      return Promise.reject(new IngestBusyError(`more than ${this.options.maxBacklog} events waiting`));
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ ...item, keys: this.options.keys(item.event), queuedAt: this.clock(), resolve, reject });
      this.pump();
    });
  }

  private clock(): number {
    return this.options.now?.() ?? performance.now();
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
    const tooOld = this.clock() - this.options.maxWaitMs;
    for (const w of this.waiting) {
      if (w.queuedAt < tooOld) {
        w.reject(new IngestBusyError(`waited more than ${this.options.maxWaitMs} ms for a batch`));
        continue; // its keys go free: nothing of it was written
      }
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
      if (batch.length === 1 || unreachable(error)) {
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

/** The database cannot be reached at all: retrying each event now would only fail again. */
function unreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // A lock or statement timeout is one slow key, not an outage: those events are retried one by one.
  return isDatabaseUnavailable(error) && code !== "55P03" && code !== "57014";
}

function settle(w: Waiting, answer: IngestResponse | undefined): void {
  if (answer) {
    w.resolve(answer);
  } else {
    w.reject(new Error("the batch returned no answer for an event"));
  }
}
