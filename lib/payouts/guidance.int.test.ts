import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createCustomer, createPayout } from "../../test/factories";
import { resetDatabase } from "../../test/reset-database";
import { getDb, getPgPool } from "../db/client";
import { poolSql } from "../db/sql";
import { applyEvent } from "./apply-event";
import { customerGuidance } from "./guidance";
import { resetGuidance, saveGuidance, type TGuidanceChange, ZGuidanceChange } from "./guidance-admin";

const links = { hosts: ["app.example.com"], appHost: "payouts.example.com" };

beforeEach(async () => {
  await resetDatabase();
  await getDb().$executeRawUnsafe("truncate table guidance_overrides");
});

async function admin() {
  return getDb().staffUser.create({ data: { email: `ada.${randomUUID()}@example.com`, name: "Ada", role: "ADMIN" } });
}

/** A payout that failed for an invalid account, as the platform reported it. */
async function failedPayout(actionUrl?: string | null) {
  const customer = await createCustomer();
  const created = await createPayout(customer.id, "SENT");
  const result = await applyEvent(
    {
      eventId: `evt_${randomUUID()}`,
      occurredAt: new Date("2026-11-23T10:00:00Z"),
      source: { kind: "API" },
      payout: { id: created.id },
      stage: "FAILED",
      reasonCode: "INVALID_ACCOUNT",
      ...(actionUrl !== undefined && { actionUrl }),
    },
    { now: () => new Date("2026-11-24T00:00:00Z") },
  );
  expect(result.ok).toBe(true);
  return getDb().payout.findUniqueOrThrow({ where: { id: created.id } });
}

const change = (patch: Partial<TGuidanceChange>): TGuidanceChange =>
  ZGuidanceChange.parse({
    stage: "FAILED",
    reason: "INVALID_ACCOUNT",
    whereMoneyEn: "",
    whereMoneyDe: "",
    nextEn: "",
    nextDe: "",
    actionLabelEn: "",
    actionLabelDe: "",
    actionUrl: "",
    ...patch,
  });

describe("customerGuidance with the admins' overrides", () => {
  it("reads the built-ins, then an admin's texts and default link at once, on Prisma and on plain SQL; reset brings the built-ins back", async () => {
    const payout = await failedPayout();
    expect(await customerGuidance(getDb(), payout, "en", links)).toEqual({
      whereMoney: "The money is back in your balance.",
      next: "We will try again once you update your bank details.",
      action: null,
    });

    const staff = await admin();
    expect(
      await saveGuidance(
        getDb(),
        staff.id,
        change({
          nextDe: "Wir überweisen erneut, sobald Ihre neue IBAN bestätigt ist.",
          actionUrl: "https://app.example.com/payouts/{external_id}/bank?ref={reference}",
        }),
        links,
      ),
    ).toEqual({ ok: true });
    const url = `https://app.example.com/payouts/${encodeURIComponent(payout.externalId)}/bank?ref=${payout.reference}`;
    expect(await customerGuidance(poolSql(getPgPool()), payout, "de", links)).toEqual({
      whereMoney: "Das Geld ist zurück auf Ihrem Guthaben.",
      next: "Wir überweisen erneut, sobald Ihre neue IBAN bestätigt ist.",
      action: { url, label: "Bankverbindung aktualisieren" },
    });
    expect((await customerGuidance(getDb(), payout, "en", links)).next).toBe(
      "We will try again once you update your bank details.",
    );

    await resetGuidance(getDb(), staff.id, { stage: "FAILED", reason: "INVALID_ACCOUNT" });
    expect(await customerGuidance(getDb(), payout, "de", links)).toEqual({
      whereMoney: "Das Geld ist zurück auf Ihrem Guthaben.",
      next: "Wir versuchen es erneut, sobald Sie Ihre Bankverbindung aktualisiert haben.",
      action: null,
    });
    const audit = await getDb().auditEntry.findMany({ orderBy: { at: "asc" }, select: { action: true, target: true } });
    expect(audit).toEqual([
      { action: "GUIDANCE_SAVED", target: "FAILED INVALID_ACCOUNT" },
      { action: "GUIDANCE_RESET", target: "FAILED INVALID_ACCOUNT" },
    ]);
  });

  it("the platform's action_url wins over the admins' default, and a stage row's link serves every reason without its own", async () => {
    const staff = await admin();
    await saveGuidance(
      getDb(),
      staff.id,
      change({
        reason: "NONE",
        actionUrl: "https://payouts.example.com/support?ref={reference}",
        actionLabelEn: "Ask us",
      }),
      links,
    );
    const plain = await failedPayout();
    expect((await customerGuidance(getDb(), plain, "en", links)).action).toEqual({
      url: `https://payouts.example.com/support?ref=${plain.reference}`,
      label: "Update your bank details",
    });
    const platform = "https://app.example.com/fix-bank/123";
    const linked = await failedPayout(platform);
    expect(linked.actionUrl).toBe(platform);
    expect((await customerGuidance(getDb(), linked, "en", links)).action).toEqual({
      url: platform,
      label: "Update your bank details",
    });
  });

  it("refuses a link that is not https, on another host, or with an unknown placeholder, and writes nothing", async () => {
    const staff = await admin();
    for (const [actionUrl, message] of [
      ["http://app.example.com/{reference}", "https"],
      ["https://evil.example.net/{reference}", "not one of"],
      ["https://app.example.com/{iban}", "unknown placeholder {iban}"],
      ["https://{reference}.example.com/", "not one of"],
    ] as const) {
      const result = await saveGuidance(getDb(), staff.id, change({ nextEn: "Changed", actionUrl }), links);
      expect(result.ok, actionUrl).toBe(false);
      expect(result.ok ? "" : result.problems[0]?.message).toContain(message);
    }
    const refused = await saveGuidance(getDb(), staff.id, change({ actionUrl: "https://app.example.com/" }), {
      hosts: [],
      appHost: null,
    });
    expect(refused).toMatchObject({ ok: false, problems: [{ field: "actionUrl" }] });
    expect(await getDb().guidanceOverride.count()).toBe(0);
    expect(await getDb().auditEntry.count()).toBe(0);
  });

  it("needs none on the happy path", async () => {
    const customer = await createCustomer();
    const payout = await createPayout(customer.id, "PROCESSING");
    expect(await customerGuidance(getDb(), payout, "en", links)).toEqual({
      whereMoney: null,
      next: null,
      action: null,
    });
  });

  it("refuses a reason on a stage without reasons, and overlong or control-character text", () => {
    expect(ZGuidanceChange.safeParse({ ...change({}), stage: "CANCELED" }).success).toBe(false);
    expect(ZGuidanceChange.safeParse({ ...change({}), nextEn: "x".repeat(241) }).success).toBe(false);
    expect(ZGuidanceChange.safeParse({ ...change({}), actionLabelEn: "x".repeat(41) }).success).toBe(false);
    expect(ZGuidanceChange.safeParse({ ...change({}), nextEn: "a\u0000b" }).success).toBe(false);
    expect(change({ nextEn: "  two\n lines " }).nextEn).toBe("two lines");
  });
});
