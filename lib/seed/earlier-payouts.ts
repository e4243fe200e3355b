import type { Stage } from "../payouts/stages";
import { planHistory } from "./history";
import { planPayoutDetails } from "./payout-details";
import { type PlannedCustomer, planCustomer, type Region } from "./people";
import type { Rng } from "./random";
import { pickTarget } from "./targets";
import { DAY, kpiWindowStart, type SeededCustomer, type SeededPayout } from "./timeline";
import type { PayoutToWrite } from "./write";

// The generated payouts cover the last ~30 days; the KPI page shows eight weeks. So that
// the older weeks' questions and surveys are about payouts that existed then, the seed adds
// payouts settled before that: planned by the same planner (planHistory) as if "now" had been
// the day the generated history begins, so every one of them was finished by then. Most
// belong to the seed's customers; some to occasional customers who have had nothing since.
// Fewer than later: the business was smaller.

/** Earlier payouts per generated payout, for a full 30 days before the generated ones. */
const EARLIER_SHARE = 0.6;
/** The share of earlier payouts that belong to customers with no payout since. */
const OCCASIONAL_SHARE = 0.5;
/** Questions at the start of the first KPI week need payouts a few days older. */
const LEAD = 3 * DAY;
const FINISHED: Partial<Record<Stage, number>> = { COMPLETED: 76, FAILED: 10, RETURNED: 6, CANCELED: 8 };

export interface EarlierCustomer {
  /** "new:<n>": the customer's key in `payouts` until it has an id */
  key: string;
  planned: PlannedCustomer;
  createdAt: Date;
}

export interface EarlierPlan {
  /** `customerId` is a stored customer's id, or an EarlierCustomer's key */
  payouts: PayoutToWrite[];
  customers: EarlierCustomer[];
  /** stored customers whose first payout is now earlier: when they signed up */
  signedUp: Map<string, Date>;
}

/** Where a stored customer lives, as planCustomer() decided it: their number, else their zone. */
function regionOf(c: SeededCustomer): Region {
  if (c.locale === "de") {
    return "DE";
  }
  const phone = c.phone ?? "";
  if (phone.startsWith("+44") || c.timeZone === "Europe/London") {
    return "GB";
  }
  if (phone.startsWith("+353") || c.timeZone === "Europe/Dublin") {
    return "IE";
  }
  return "US";
}

/**
 * `serial` continues the numbering of seed.ts (e-mail addresses carry it, so they stay unique).
 */
export function planEarlierPayouts(
  rng: Rng,
  now: Date,
  generated: readonly SeededPayout[],
  stored: readonly SeededCustomer[],
  serial: number,
): EarlierPlan {
  const plan: EarlierPlan = { payouts: [], customers: [], signedUp: new Map() };
  const regulars = stored
    .filter((c) => !c.demo)
    .map((c) => ({
      key: c.id,
      planned: {
        name: c.name,
        email: c.email ?? "",
        phone: c.phone,
        locale: c.locale,
        timeZone: c.timeZone,
        region: regionOf(c),
      },
    }));
  if (generated.length === 0 || regulars.length === 0) {
    return plan;
  }
  const begins = new Date(Math.min(...generated.map((p) => p.createdAt.getTime())));
  const needed = begins.getTime() - (kpiWindowStart(now).getTime() - LEAD);
  const count = Math.round(generated.length * EARLIER_SHARE * Math.min(1, needed / (30 * DAY)));
  let occasional: { key: string; planned: PlannedCustomer; left: number } | null = null;
  const plannedOf = new Map<string, PlannedCustomer>();
  for (let i = 0; i < count; i++) {
    let customer: { key: string; planned: PlannedCustomer };
    if (rng.chance(OCCASIONAL_SHARE)) {
      if (!occasional || occasional.left === 0) {
        serial += 1;
        occasional = { key: `new:${serial}`, planned: planCustomer(rng, serial), left: rng.int(1, 3) };
        plannedOf.set(occasional.key, occasional.planned);
      }
      occasional.left -= 1;
      customer = occasional;
    } else {
      customer = rng.pick(regulars);
    }
    const details = planPayoutDetails(rng, customer.planned);
    const target = pickTarget(rng, rng.weighted(FINISHED));
    const history = planHistory({
      method: details.method,
      target,
      now: begins,
      rng,
      timeZone: customer.planned.timeZone,
    });
    plan.payouts.push({ ...details, customerId: customer.key, history });
    const since = new Date(history.createdAt.getTime() - rng.float(1, 60) * DAY);
    const known = plan.signedUp.get(customer.key);
    if (!known || since < known) {
      plan.signedUp.set(customer.key, since);
    }
  }
  const added = new Set<string>();
  for (const p of plan.payouts) {
    const since = plan.signedUp.get(p.customerId);
    if (p.customerId.startsWith("new:") && since && !added.has(p.customerId)) {
      added.add(p.customerId);
      plan.customers.push({
        key: p.customerId,
        planned: plannedOf.get(p.customerId) as PlannedCustomer,
        createdAt: since,
      });
    }
  }
  for (const key of added) {
    plan.signedUp.delete(key);
  }
  return plan;
}
