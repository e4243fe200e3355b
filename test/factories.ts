import { randomUUID } from "node:crypto";
import type { AppLocale } from "../i18n/locale";
import { getDb } from "../lib/db/client";
import { applyEvent } from "../lib/payouts/apply-event";
import type { Stage } from "../lib/payouts/stages";

export async function createCustomer(overrides: { locale?: AppLocale; timeZone?: string; name?: string } = {}) {
  const id = randomUUID().slice(0, 8);
  return getDb().customer.create({
    data: {
      externalId: `cus_${id}`,
      name: overrides.name ?? "Ada Lovelace",
      email: `ada.${id}@example.com`,
      phone: "+4915112345678",
      locale: overrides.locale ?? "en",
      timeZone: overrides.timeZone ?? "Europe/Berlin",
    },
  });
}

export async function createPayout(
  customerId: string,
  stage: Stage = "REQUESTED",
  at = new Date("2026-11-23T09:00:00Z"),
) {
  const externalId = `po_${randomUUID()}`;
  const result = await applyEvent({
    eventId: `evt_${randomUUID()}`,
    occurredAt: at,
    source: { kind: "API" },
    stage,
    payout: {
      externalId,
      create: { customerId, amountMinor: 125_000n, currency: "EUR", method: "SEPA", destinationLabel: "DE•• 1234" },
    },
  });
  if (!result.ok) {
    throw new Error(result.message);
  }
  return getDb().payout.findUniqueOrThrow({ where: { id: result.payoutId } });
}
