import { planEarlierPayouts } from "./earlier-payouts";
import { planHistory } from "./history";
import { planPayoutDetails } from "./payout-details";
import { type PlannedCustomer, planCustomer } from "./people";
import { mulberry32, Rng } from "./random";
import { pickTarget } from "./targets";
import type { SeededCustomer, SeededPayout } from "./timeline";

// For the activity planners' unit tests: customers and payouts planned the way seed.ts
// plans them (and the earlier payouts activity.ts adds), as if read back from the database,
// with made-up ids. No database.

export interface World {
  customers: Map<string, SeededCustomer>;
  /** the generated payouts first, then the earlier ones */
  payouts: SeededPayout[];
  generated: number;
}

/** A customer as stored: the seed leaves the notification settings at their defaults. */
function customerOf(id: string, c: PlannedCustomer): SeededCustomer {
  return {
    id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    locale: c.locale,
    timeZone: c.timeZone,
    emailLevel: "ALL",
    smsLevel: "IMPORTANT",
    smsOptedOutAt: null,
    quietHoursStart: 1260,
    quietHoursEnd: 480,
    demo: false,
  };
}

export function plannedWorld(seed: number, now: Date, payoutCount = 200, withDemo = true): World {
  const rng = new Rng(mulberry32(seed));
  const customers = new Map<string, SeededCustomer>();
  const payouts: SeededPayout[] = [];
  const addCustomer = (demo: boolean, serial: number) => {
    const c = planCustomer(rng, serial);
    const id = `cus${serial}`;
    customers.set(id, { ...customerOf(id, c), demo });
    return { id, planned: c };
  };
  const addPayout = (
    customerId: string,
    history: ReturnType<typeof planHistory>,
    details: ReturnType<typeof planPayoutDetails>,
  ) => {
    const id = `po${payouts.length + 1}`;
    payouts.push({
      id,
      reference: `PT-${String(payouts.length + 1).padStart(8, "0")}`,
      customerId,
      method: details.method,
      amountMinor: details.amountMinor,
      currency: details.currency,
      stage: history.stage,
      createdAt: history.createdAt,
      events: history.events.map((e, i) => ({ ...e, id: `${id}e${i}` })),
    });
  };
  let serial = 0;
  if (withDemo) {
    const demo = addCustomer(true, ++serial);
    for (const stage of ["ACTION_REQUIRED", "COMPLETED", "PROCESSING"] as const) {
      const details = planPayoutDetails(rng, demo.planned);
      addPayout(
        demo.id,
        planHistory({
          method: details.method,
          target: pickTarget(rng, stage),
          now,
          rng,
          timeZone: demo.planned.timeZone,
        }),
        details,
      );
    }
  }
  while (payouts.length < payoutCount) {
    const customer = addCustomer(false, ++serial);
    for (let k = rng.int(1, 7); k > 0 && payouts.length < payoutCount; k--) {
      const details = planPayoutDetails(rng, customer.planned);
      const history = planHistory({
        method: details.method,
        target: pickTarget(rng),
        now,
        rng,
        timeZone: customer.planned.timeZone,
      });
      addPayout(customer.id, history, details);
    }
  }
  const generated = payouts.length;
  const earlier = planEarlierPayouts(rng, now, payouts, [...customers.values()], serial);
  for (const c of earlier.customers) {
    customers.set(c.key, { ...customerOf(c.key, c.planned), demo: false });
  }
  for (const p of earlier.payouts) {
    addPayout(p.customerId, p.history, p);
  }
  return { customers, payouts, generated };
}
