import type { Tx } from "../db/client";
import { newReference } from "../payouts/apply-event";
import type { PlannedHistory } from "./history";
import type { PayoutDetails } from "./payout-details";
import { randomId } from "./random";

export interface PayoutToWrite extends PayoutDetails {
  customerId: string;
  history: PlannedHistory;
}

/** Rows per INSERT: well below PostgreSQL's 65,535 bind parameters per statement. */
const BATCH = 1_000;

/**
 * Writes payouts with their event history, a few INSERTs per thousand payouts.
 *
 * Deliberately not through applyEvent(): the seed writes the past (a history that
 * already happened, checked against the stage machine when planned), not a change.
 * Live changes, and the notifications they send, always go through applyEvent().
 */
export async function writePayouts(tx: Tx, payouts: PayoutToWrite[], usedReferences: Set<string>): Promise<void> {
  for (let start = 0; start < payouts.length; start += BATCH) {
    const batch = payouts.slice(start, start + BATCH);
    const references = await uniqueReferences(tx, batch.length, usedReferences);
    const rows = batch.map((payout, i) => ({ externalId: `po_${randomId()}`, payout, reference: references[i] ?? "" }));
    const created = await tx.payout.createManyAndReturn({
      data: rows.map(({ externalId, payout, reference }) => {
        const h = payout.history;
        return {
          externalId,
          reference,
          customerId: payout.customerId,
          amountMinor: payout.amountMinor,
          currency: payout.currency,
          method: payout.method,
          destinationLabel: payout.destinationLabel,
          stage: h.stage,
          pausedFrom: h.pausedFrom,
          reasonCode: h.reasonCode,
          delayed: h.delayed,
          delayReason: h.delayReason,
          etaAt: h.eta.etaAt,
          originalEtaAt: h.eta.originalEtaAt,
          etaReason: h.eta.etaReason,
          etaPrecision: h.eta.etaPrecision,
          etaSource: h.eta.etaSource,
          etaTypicalAt: h.eta.etaTypicalAt,
          stageEnteredAt: h.stageEnteredAt,
          lastEventAt: h.lastEventAt,
          createdAt: h.createdAt,
          updatedAt: h.lastEventAt,
        };
      }),
      select: { id: true, externalId: true },
    });
    const idOf = new Map(created.map((row) => [row.externalId, row.id]));

    const events = rows.flatMap(({ externalId, payout }) => {
      const payoutId = idOf.get(externalId);
      if (!payoutId) {
        throw new Error(`payout ${externalId} was not created`);
      }
      // Columns left out are null (note, actorId) or false (delayed); fewer values make
      // createMany markedly faster at 100,000 rows.
      return payout.history.events.map((event) => ({
        eventId: `seed_${randomId()}`,
        payoutId,
        outcome: "APPLIED" as const,
        fromStage: event.fromStage,
        stage: event.stage,
        ...(event.reasonCode && { reasonCode: event.reasonCode }),
        ...(event.delayed && { delayed: true, delayReason: event.delayReason }),
        source: "SEED" as const,
        occurredAt: event.occurredAt,
        recordedAt: event.recordedAt,
        etaAt: event.etaAt,
        ...(event.etaSource && { etaSource: event.etaSource, etaReason: event.etaReason }),
        ...(event.etaPrecision && { etaPrecision: event.etaPrecision }),
        ...(event.etaTypicalAt && { etaTypicalAt: event.etaTypicalAt }),
      }));
    });
    for (let from = 0; from < events.length; from += BATCH) {
      await tx.payoutEvent.createMany({ data: events.slice(from, from + BATCH) });
    }
  }
}

/**
 * `count` public references, unique among themselves, this run and the database.
 * 40 random bits make a clash rare, not impossible, and one would fail the whole insert.
 */
async function uniqueReferences(tx: Tx, count: number, used: Set<string>): Promise<string[]> {
  const fresh = new Set<string>();
  for (;;) {
    while (fresh.size < count) {
      const reference = newReference();
      if (!used.has(reference)) {
        fresh.add(reference);
      }
    }
    const taken = await tx.payout.findMany({ where: { reference: { in: [...fresh] } }, select: { reference: true } });
    if (taken.length === 0) {
      for (const reference of fresh) {
        used.add(reference);
      }
      return [...fresh];
    }
    for (const { reference } of taken) {
      fresh.delete(reference);
      used.add(reference);
    }
  }
}
