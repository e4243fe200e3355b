import { randomUUID } from "node:crypto";
import type { AppLocale } from "../../i18n/locale";
import { HAPPY_PATH } from "../../lib/payouts/stages";

/** A payout the bench created and may move on, with the details every later event repeats. */
export interface BenchPayout {
  externalId: string;
  customer: BenchCustomer;
  amountMinor: number;
  currency: string;
  method: string;
  /** index into HAPPY_PATH */
  stage: number;
}

export interface BenchCustomer {
  externalId: string;
  name: string;
  email: string;
  locale: AppLocale;
  timezone: string;
}

const METHODS = ["sepa", "sepa", "sepa", "swift", "ach", "faster_payments", "card", "paypal"];
const CURRENCIES: Record<string, string> = {
  sepa: "EUR",
  swift: "USD",
  ach: "USD",
  faster_payments: "GBP",
  card: "EUR",
  paypal: "EUR",
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/**
 * Realistic traffic: mostly new payouts at REQUESTED (a third of them for a new customer),
 * and moves of payouts the server has acknowledged, one stage along the happy path until
 * COMPLETED. A payout has at most one event in flight, so every move applies in order.
 */
export class EventMix {
  private readonly movable: BenchPayout[] = [];
  private readonly customers: BenchCustomer[] = [];
  private counter = 0;

  constructor(
    private readonly prefix: string,
    private readonly moveShare = 0.4,
  ) {}

  /** The next event: its JSON body and the payout it concerns. */
  next(): { body: string; payout: BenchPayout } {
    const move = this.movable.length > 100 && Math.random() < this.moveShare;
    let payout: BenchPayout;
    if (move) {
      const index = Math.floor(Math.random() * this.movable.length);
      const last = this.movable.pop() as BenchPayout;
      payout = index < this.movable.length ? (this.movable.splice(index, 1, last)[0] as BenchPayout) : last;
      payout.stage += 1;
    } else {
      payout = this.newPayout();
    }
    return { body: JSON.stringify(this.event(payout)), payout };
  }

  /** The server answered for this payout's event: a payout not yet COMPLETED can move on. */
  settled(payout: BenchPayout, ok: boolean): void {
    if (ok && payout.stage < HAPPY_PATH.length - 1) {
      this.movable.push(payout);
    }
  }

  newCustomer(): BenchCustomer {
    const n = this.counter++;
    const customer: BenchCustomer = {
      externalId: `${this.prefix}_cus_${n}`,
      name: `Bench Customer ${n}`,
      email: `bench.${this.prefix}.${n}@example.com`,
      locale: n % 3 === 0 ? "de" : "en",
      timezone: n % 3 === 0 ? "Europe/Berlin" : "Europe/London",
    };
    this.customers.push(customer);
    return customer;
  }

  newPayout(): BenchPayout {
    const customer = this.customers.length < 50 || Math.random() < 1 / 3 ? this.newCustomer() : pick(this.customers);
    const method = pick(METHODS);
    return {
      externalId: `${this.prefix}_po_${this.counter++}`,
      customer,
      amountMinor: 1000 + Math.floor(Math.random() * 500_000),
      currency: CURRENCIES[method] ?? "EUR",
      method,
      stage: 0,
    };
  }

  private event(payout: BenchPayout) {
    const c = payout.customer;
    return {
      id: `evt_${randomUUID()}`,
      type: "payout.updated",
      occurred_at: new Date().toISOString(),
      payout: {
        external_id: payout.externalId,
        customer: {
          external_id: c.externalId,
          name: c.name,
          email: c.email,
          phone: null,
          locale: c.locale,
          timezone: c.timezone,
        },
        amount_minor: payout.amountMinor,
        currency: payout.currency,
        method: payout.method,
        destination: { label: "DE•• 1234" },
        stage: HAPPY_PATH[payout.stage],
        reason_code: null,
        note: null,
      },
    };
  }
}
