import type { Prisma } from "../db/client";
import { getDb, getPgPool } from "../db/client";
import { poolSql } from "../db/sql";
import { estimate, type PayoutMethod } from "../eta/estimate";
import { refreshEtaModel } from "../eta/model-cache";
import type { EtaPrecision } from "../eta/promise";
import { customerCountry } from "../notices/notices";
import { refreshTemplates } from "../templates/store";
import { type CustomerNote, notesOf } from "./customer-view";
import type { EtaSource } from "./payout-sql";
import type { HappyStage, ReasonCode, Stage } from "./stages";
import { buildTimeline, type TimelineStep, withExpectedTimes } from "./timeline";

/** What the customer list shows of one payout. */
export interface PayoutSummary {
  reference: string;
  amountMinor: number;
  currency: string;
  method: PayoutMethod;
  destinationLabel: string;
  stage: Stage;
  delayed: boolean;
  etaAt: Date | null;
  /** how the ETA is stated: a DATE promise reads without a time */
  etaPrecision: EtaPrecision | null;
  stageEnteredAt: Date;
  createdAt: Date;
}

const summarySelect = {
  reference: true,
  amountMinor: true,
  currency: true,
  method: true,
  destinationLabel: true,
  stage: true,
  delayed: true,
  etaAt: true,
  etaPrecision: true,
  stageEnteredAt: true,
  createdAt: true,
} satisfies Prisma.PayoutSelect;

function toSummary(row: Prisma.PayoutGetPayload<{ select: typeof summarySelect }>): PayoutSummary {
  return { ...row, amountMinor: Number(row.amountMinor) };
}

export async function listCustomerPayouts(customerId: string, limit = 50): Promise<PayoutSummary[]> {
  const rows = await getDb().payout.findMany({
    where: { customerId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: summarySelect,
  });
  return rows.map(toSummary);
}

export interface PayoutDetail extends PayoutSummary {
  id: string;
  /** the platform's id (admins' default action links may carry it) */
  externalId: string;
  /** where the customer acts, as the platform sent it (ingest `action_url`) */
  actionUrl: string | null;
  /** the customer's country by their mobile number (which incident notices concern them) */
  customerCountry: string | null;
  reasonCode: ReasonCode | null;
  delayReason: ReasonCode | null;
  pausedFrom: HappyStage | null;
  note: string | null;
  originalEtaAt: Date | null;
  /** why the ETA was revised (sweeper, admin override) */
  etaReason: ReasonCode | null;
  etaPrecision: EtaPrecision | null;
  /** the median completion ("usually arrives …"), for the model's own promises */
  etaTypicalAt: Date | null;
  /** every ETA shown, first to current: each revision with who made it and why */
  etaHistory: EtaRevision[];
  /** the team's notes, newest first, each with the stage it was written at */
  notes: CustomerNote[];
  timeline: TimelineStep[];
}

export interface EtaRevision {
  at: Date;
  precision: EtaPrecision;
  source: EtaSource;
  reason: ReasonCode | null;
  /** when the revision was made */
  madeAt: Date;
}

/**
 * One payout of one customer. The owner is part of the lookup, so a reference
 * of somebody else's payout finds nothing.
 */
export async function getCustomerPayout(customerId: string, reference: string): Promise<PayoutDetail | null> {
  const sql = poolSql(getPgPool());
  const [model] = await Promise.all([refreshEtaModel(sql), refreshTemplates(sql)]);
  const row = await getDb().payout.findFirst({
    where: { reference, customerId },
    select: {
      ...summarySelect,
      id: true,
      externalId: true,
      actionUrl: true,
      reasonCode: true,
      delayReason: true,
      pausedFrom: true,
      note: true,
      originalEtaAt: true,
      etaReason: true,
      etaTypicalAt: true,
      customer: { select: { phone: true } },
      events: {
        where: { outcome: "APPLIED" },
        orderBy: [{ occurredAt: "asc" }, { recordedAt: "asc" }],
        select: {
          stage: true,
          fromStage: true,
          occurredAt: true,
          etaAt: true,
          etaPrecision: true,
          etaSource: true,
          etaReason: true,
          note: true,
        },
      },
    },
  });
  if (!row) {
    return null;
  }
  const { events, customer, ...rest } = row;
  const pausedFrom = rest.pausedFrom as HappyStage | null; // only ever a happy-path stage (see applyEvent)
  return {
    ...rest,
    customerCountry: customerCountry(customer.phone),
    pausedFrom,
    amountMinor: Number(rest.amountMinor),
    etaHistory: events.flatMap((e) =>
      e.etaSource && e.etaAt && e.etaPrecision
        ? [{ at: e.etaAt, precision: e.etaPrecision, source: e.etaSource, reason: e.etaReason, madeAt: e.occurredAt }]
        : [],
    ),
    notes: notesOf(events),
    timeline: withExpectedTimes(
      buildTimeline(rest.stage, pausedFrom, events),
      // from now: the time already spent counts, so no upcoming step is ever shown in the past
      estimate({ method: rest.method, stage: rest.stage, enteredAt: rest.stageEnteredAt, now: new Date(), model })
        ?.stages ?? null,
      rest.etaAt,
    ),
  };
}
