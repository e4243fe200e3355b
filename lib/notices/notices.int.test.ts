import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createNotifiedCustomer, jobs } from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb, getPgPool } from "../db/client";
import type { PayoutMethod } from "../eta/estimate";
import { applyEvent } from "../payouts/apply-event";
import type { Stage } from "../payouts/stages";
import { applyNoticeShift, cachedActiveNotices, endNotice, publishNotice, ZNotice } from "./notices";

beforeEach(resetDatabase);

const NOW = new Date();
const minute = (d: Date) => d.toISOString().slice(0, 16);

async function payout(method: PayoutMethod, stage: Stage, phone: string | null = null) {
  const customer = await createNotifiedCustomer({ phone });
  const result = await applyEvent(
    {
      eventId: `evt_${randomUUID()}`,
      occurredAt: new Date(NOW.getTime() - 3_600_000),
      source: { kind: "BACKFILL" },
      stage,
      payout: {
        externalId: `po_${randomUUID()}`,
        create: { customerId: customer.id, amountMinor: 1000n, currency: "EUR", method, destinationLabel: "DE•• 1" },
      },
    },
    { now: () => NOW },
  );
  if (!result.ok) {
    throw new Error(result.message);
  }
  return getDb().payout.findUniqueOrThrow({ where: { id: result.payoutId } });
}

async function admin() {
  return getDb().staffUser.create({ data: { email: `ops.${randomUUID()}@example.com`, name: "Ops", role: "ADMIN" } });
}

const raw = (overrides: Record<string, unknown> = {}) => ({
  methods: ["SEPA"],
  startsAt: minute(new Date(NOW.getTime() - 60_000)),
  endsAt: minute(new Date(NOW.getTime() + 86_400_000)),
  messageEn: "High volume: SEPA payouts may take one extra business day.",
  messageDe: "Hohes Aufkommen: SEPA-Auszahlungen können einen Geschäftstag länger dauern.",
  etaShiftHours: 24,
  reasonCode: "HIGH_VOLUME",
  ...overrides,
});
const form = (overrides: Record<string, unknown> = {}) => ZNotice.parse(raw(overrides));

describe("incident notices", () => {
  it("shifts the ETAs of open payouts of the named methods once, with the reason, and tells their customers", async () => {
    const ops = await admin();
    const sepa = await payout("SEPA", "PROCESSING");
    const ach = await payout("ACH", "PROCESSING");
    const done = await payout("SEPA", "COMPLETED");
    const published = await publishNotice(getDb(), form(), ops.id, NOW);
    expect(published.ok).toBe(true);
    const id = published.ok ? published.id : "";
    expect((await jobs()).map((j) => j.key)).toContain(`notice:${id}`);

    expect(await applyNoticeShift(getPgPool(), id, NOW)).toEqual({ shifted: 1 });
    const shifted = await getDb().payout.findUniqueOrThrow({ where: { id: sepa.id } });
    expect(shifted.etaAt?.getTime()).toBeGreaterThan((sepa.etaAt as Date).getTime() + 23 * 3_600_000);
    expect(shifted).toMatchObject({ etaReason: "HIGH_VOLUME", originalEtaAt: sepa.originalEtaAt });
    expect((await getDb().payout.findUniqueOrThrow({ where: { id: ach.id } })).etaAt).toEqual(ach.etaAt);
    expect((await getDb().payout.findUniqueOrThrow({ where: { id: done.id } })).etaAt).toBeNull();
    const told = await getDb().notification.findMany({ where: { payoutId: sepa.id } });
    expect(told.map((n) => n.kind)).toEqual(["ETA_MOVED"]);

    // Once: a second run (a retried job) changes nothing.
    expect(await applyNoticeShift(getPgPool(), id, NOW)).toEqual({ shifted: 0 });
    expect((await getDb().payout.findUniqueOrThrow({ where: { id: sepa.id } })).etaAt).toEqual(shifted.etaAt);
    expect(await getDb().auditEntry.count({ where: { action: "NOTICE_PUBLISHED", target: id } })).toBe(1);
  });

  it("is shown in the reader's language for its methods while it runs, and no longer once ended", async () => {
    const ops = await admin();
    const published = await publishNotice(getDb(), form({ etaShiftHours: 0 }), ops.id, NOW);
    const id = published.ok ? published.id : "";
    expect(await jobs()).toEqual([]);
    expect((await cachedActiveNotices(getDb(), "SEPA", "de", NOW)).map((n) => n.message)).toEqual([
      "Hohes Aufkommen: SEPA-Auszahlungen können einen Geschäftstag länger dauern.",
    ]);
    expect(await cachedActiveNotices(getDb(), "ACH", "en", NOW)).toEqual([]);
    expect(await endNotice(getDb(), id, ops.id, NOW)).toEqual({ ok: true });
    expect(await cachedActiveNotices(getDb(), "SEPA", "en", new Date(NOW.getTime() + 1000))).toEqual([]);
    expect(await endNotice(getDb(), id, ops.id, new Date(NOW.getTime() + 1000))).toMatchObject({ ok: false });
  });

  it("refuses a notice without methods, with an end before its start, or with too short a text", () => {
    expect(ZNotice.safeParse(raw()).success).toBe(true);
    expect(ZNotice.safeParse(raw({ methods: [] })).error?.issues[0]?.message).toBe(
      "Choose at least one payout method.",
    );
    const backwards = ZNotice.safeParse({
      methods: ["SEPA"],
      startsAt: "2026-12-02T10:00",
      endsAt: "2026-12-01T10:00",
      messageEn: "High volume today, sorry.",
      messageDe: "Heute hohes Aufkommen.",
      etaShiftHours: 0,
      reasonCode: "HIGH_VOLUME",
    });
    expect(backwards.success).toBe(false);
    expect(backwards.error?.issues[0]?.message).toBe("The end must come after the start.");
    expect(ZNotice.safeParse(raw({ messageDe: "kurz" })).error?.issues[0]?.message).toBe(
      "The German text needs at least 10 characters.",
    );
  });

  it("scoped to countries, it concerns only customers whose mobile number is from one of them", async () => {
    const ops = await admin();
    const german = await payout("SEPA", "PROCESSING", "+4915112340001");
    const austrian = await payout("SEPA", "PROCESSING", "+436641234567");
    const british = await payout("SEPA", "PROCESSING", "+447911123456");
    const noPhone = await payout("SEPA", "PROCESSING", null);
    const published = await publishNotice(getDb(), form({ countries: "de, AT" }), ops.id, NOW);
    expect(published.ok).toBe(true);
    const id = published.ok ? published.id : "";
    expect((await getDb().incidentNotice.findUniqueOrThrow({ where: { id } })).countries).toEqual(["DE", "AT"]);
    expect(await applyNoticeShift(getPgPool(), id, NOW)).toEqual({ shifted: 2 });
    const eta = async (p: { id: string }) =>
      (await getDb().payout.findUniqueOrThrow({ where: { id: p.id } })).etaReason;
    expect([await eta(german), await eta(austrian), await eta(british), await eta(noPhone)]).toEqual([
      "HIGH_VOLUME",
      "HIGH_VOLUME",
      null,
      null,
    ]);
    expect(await cachedActiveNotices(getDb(), "SEPA", "en", NOW, "AT")).toHaveLength(1);
    expect(await cachedActiveNotices(getDb(), "SEPA", "en", NOW, "GB")).toHaveLength(0);
    expect(await cachedActiveNotices(getDb(), "SEPA", "en", NOW, null)).toHaveLength(0);
  });

  it("refuses a country code that is not one, naming it", () => {
    const parsed = ZNotice.safeParse(raw({ countries: "DE, Germany" }));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([
      '"GERMANY" is not a two-letter country code such as DE, AT or GB.',
    ]);
    expect(ZNotice.parse(raw({ countries: "" })).countries).toEqual([]);
    expect(ZNotice.parse(raw({})).countries).toEqual([]);
  });
});
