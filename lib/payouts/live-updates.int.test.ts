import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "../../test/database-url";
import { createNotifiedCustomer, createQuietPayout, testSql } from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import type { PayoutMethod } from "../eta/estimate";
import {
  cachedActiveNotices,
  endNotice,
  nextNoticeChange,
  noticeApplies,
  publishNotice,
  ZNotice,
} from "../notices/notices";
import { askAboutPayout, customerReply, resolveInquiry, staffReply, ZAsk } from "../support/inquiries";
import { applyEvent } from "./apply-event";
import {
  NOTIFY_NOTICES_CHANGED_SQL,
  type NoticeScope,
  noticeScopePayload,
  stopLiveUpdates,
  subscribeToNotices,
  subscribeToPayout,
} from "./live-updates";

// What an open payout page hears (app/api/payouts/[reference]/live turns these into
// server-sent events): the signals of the right payouts and notices, and no others.

beforeEach(resetDatabase);
afterAll(stopLiveUpdates);

const url = testDatabaseUrl;
const NOW = new Date();

/** Records the payout ids whose pages were told to look again. */
async function listen(payoutIds: string[]) {
  const heard: string[] = [];
  const stops = await Promise.all(payoutIds.map((id) => subscribeToPayout(url(), id, () => heard.push(id))));
  return {
    heard,
    stop: () => {
      for (const stop of stops) {
        stop();
      }
    },
  };
}

/**
 * Waits until everything committed so far has been heard: NOTIFYs arrive in commit order,
 * so once a marker sent now is heard, any signal an earlier commit sent has arrived too.
 */
async function settle() {
  const marker = `marker_${randomUUID()}`;
  let heard = false;
  const stop = await subscribeToPayout(url(), marker, () => {
    heard = true;
  });
  await testSql().run("select pg_notify('payout_changed', $1)", [marker]);
  const deadline = Date.now() + 5_000;
  while (!heard) {
    if (Date.now() > deadline) {
      throw new Error("the marker NOTIFY never arrived");
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  stop();
}

async function agent() {
  return getDb().staffUser.create({
    data: { email: `agent.${randomUUID()}@example.com`, name: "Sam Support", role: "SUPPORT" },
  });
}

async function question(customerId: string, reference: string) {
  const asked = await askAboutPayout(
    getDb(),
    customerId,
    ZAsk.parse({ reference, category: "WHERE_IS_MY_MONEY", message: "Where is my money?" }),
  );
  if (!asked.ok) {
    throw new Error(asked.message);
  }
  return asked.id;
}

describe("live signals for open payout pages", () => {
  it("a support reply and a resolution reach the page of the payout asked about, and no other", async () => {
    const ada = await createNotifiedCustomer();
    const bob = await createNotifiedCustomer();
    const asked = await createQuietPayout(ada.id, "PROCESSING");
    const adaOther = await createQuietPayout(ada.id, "PROCESSING");
    const bobs = await createQuietPayout(bob.id, "PROCESSING");
    const inquiry = await question(ada.id, asked.reference);
    const bobInquiry = await question(bob.id, bobs.reference);
    const sam = await agent();
    const pages = await listen([asked.id, adaOther.id, bobs.id]);

    expect((await staffReply(getDb(), sam.id, { inquiryId: inquiry, message: "It is on its way." })).ok).toBe(true);
    await settle();
    expect(pages.heard).toEqual([asked.id]);

    expect((await resolveInquiry(getDb(), sam.id, inquiry)).ok).toBe(true);
    await settle();
    expect(pages.heard).toEqual([asked.id, asked.id]);

    // Resolving again changes nothing, so nothing is sent; the other customer's reply reaches only theirs.
    expect((await resolveInquiry(getDb(), sam.id, inquiry)).ok).toBe(false);
    expect((await staffReply(getDb(), sam.id, { inquiryId: bobInquiry, message: "Yours too." })).ok).toBe(true);
    expect((await customerReply(getDb(), ada.id, { inquiryId: inquiry, message: "Thanks a lot" })).ok).toBe(true);
    await settle();
    expect(pages.heard).toEqual([asked.id, asked.id, bobs.id]);
    pages.stop();
  });

  it("a reply that is not stored (unknown question) sends nothing", async () => {
    const ada = await createNotifiedCustomer();
    const payout = await createQuietPayout(ada.id, "PROCESSING");
    const sam = await agent();
    const pages = await listen([payout.id]);
    expect((await staffReply(getDb(), sam.id, { inquiryId: "nope", message: "Hello there" })).ok).toBe(false);
    await settle();
    expect(pages.heard).toEqual([]);
    pages.stop();
  });

  it("an ETA changed by an admin (or the sweeper: the same door) reaches the payout's page", async () => {
    const ada = await createNotifiedCustomer();
    const moved = await createQuietPayout(ada.id, "PROCESSING");
    const calm = await createQuietPayout(ada.id, "PROCESSING");
    const ops = await getDb().staffUser.create({
      data: { email: `ops.${randomUUID()}@example.com`, name: "Ops", role: "ADMIN" },
    });
    const pages = await listen([moved.id, calm.id]);
    const result = await applyEvent({
      eventId: `evt_${randomUUID()}`,
      occurredAt: new Date(),
      source: { kind: "ADMIN", staffId: ops.id },
      payout: { id: moved.id },
      eta: new Date(Date.now() + 3 * 86_400_000),
      etaReason: "HIGH_VOLUME",
    });
    expect(result.ok).toBe(true);
    await settle();
    expect(pages.heard).toEqual([moved.id]);
    pages.stop();
  });
});

describe("live signals for incident notices", () => {
  const minute = (d: Date) => d.toISOString().slice(0, 16);
  const notice = (overrides: Record<string, unknown> = {}) =>
    ZNotice.parse({
      methods: ["SEPA"],
      countries: "DE",
      startsAt: minute(new Date(NOW.getTime() - 60_000)),
      endsAt: minute(new Date(NOW.getTime() + 86_400_000)),
      messageEn: "SEPA payouts to Germany are slower today.",
      messageDe: "SEPA-Auszahlungen nach Deutschland dauern heute länger.",
      etaShiftHours: 0,
      reasonCode: "HIGH_VOLUME",
      ...overrides,
    });
  // The open pages: (method, customer's country) as the live route checks them.
  const pages: { name: string; method: PayoutMethod; country: string | null }[] = [
    { name: "SEPA in Germany", method: "SEPA", country: "DE" },
    { name: "ACH in Germany", method: "ACH", country: "DE" },
    { name: "SEPA in Austria", method: "SEPA", country: "AT" },
    { name: "SEPA, no mobile number", method: "SEPA", country: null },
  ];

  it("publishing and ending a notice reach the pages it concerns, and those pages show it at once", async () => {
    const ops = await getDb().staffUser.create({
      data: { email: `ops.${randomUUID()}@example.com`, name: "Ops", role: "ADMIN" },
    });
    const scopes: (NoticeScope | null)[] = [];
    const stop = await subscribeToNotices(url(), (scope) => scopes.push(scope));
    const concerned = () =>
      pages.filter((p) => scopes.at(-1) && noticeApplies(scopes.at(-1) as NoticeScope, p.method, p.country));

    // Read (and cached) before: nothing runs.
    expect(await cachedActiveNotices(getDb(), "SEPA", "de", new Date(), "DE")).toEqual([]);
    const published = await publishNotice(getDb(), notice(), ops.id);
    expect(published.ok).toBe(true);
    await settle();
    expect(scopes).toEqual([{ methods: ["SEPA"], countries: ["DE"] }]);
    expect(concerned().map((p) => p.name)).toEqual(["SEPA in Germany"]);
    // The page renders at once with the notice, not after the 5-second cache.
    expect((await cachedActiveNotices(getDb(), "SEPA", "de", new Date(), "DE")).map((n) => n.message)).toEqual([
      "SEPA-Auszahlungen nach Deutschland dauern heute länger.",
    ]);

    expect((await endNotice(getDb(), published.ok ? published.id : "", ops.id)).ok).toBe(true);
    await settle();
    expect(scopes).toHaveLength(2);
    expect(concerned().map((p) => p.name)).toEqual(["SEPA in Germany"]);
    expect(await cachedActiveNotices(getDb(), "SEPA", "de", new Date(), "DE")).toEqual([]);
    stop();
  });

  it("a notice another process publishes shows here at once: its NOTIFY drops this process's cached notices", async () => {
    const ops = await getDb().staffUser.create({
      data: { email: `ops.${randomUUID()}@example.com`, name: "Ops", role: "ADMIN" },
    });
    const stop = await subscribeToNotices(url(), () => {});
    expect(await cachedActiveNotices(getDb(), "SEPA", "de", new Date(), "DE")).toEqual([]);
    // What publishNotice commits in another process: the row and its NOTIFY.
    const input = notice();
    await getDb().$transaction(async (tx) => {
      await tx.incidentNotice.create({ data: { ...input, staffId: ops.id } });
      await tx.$executeRawUnsafe(NOTIFY_NOTICES_CHANGED_SQL, noticeScopePayload(input));
    });
    await settle();
    expect((await cachedActiveNotices(getDb(), "SEPA", "de", new Date(), "DE")).map((n) => n.message)).toEqual([
      "SEPA-Auszahlungen nach Deutschland dauern heute länger.",
    ]);
    stop();
  });

  it("a notice that starts or ends later wakes the pages it concerns then", async () => {
    const ops = await getDb().staffUser.create({
      data: { email: `ops.${randomUUID()}@example.com`, name: "Ops", role: "ADMIN" },
    });
    const startsAt = new Date(Math.ceil((NOW.getTime() + 2 * 3_600_000) / 60_000) * 60_000);
    const endsAt = new Date(startsAt.getTime() + 3_600_000);
    expect(await nextNoticeChange(getDb(), "SEPA", "DE", NOW)).toBeNull();
    expect(
      (await publishNotice(getDb(), notice({ startsAt: minute(startsAt), endsAt: minute(endsAt) }), ops.id)).ok,
    ).toBe(true);
    expect(await nextNoticeChange(getDb(), "SEPA", "DE", NOW)).toEqual(startsAt);
    expect(await nextNoticeChange(getDb(), "SEPA", "DE", new Date(startsAt.getTime() + 1))).toEqual(endsAt);
    expect(await nextNoticeChange(getDb(), "SEPA", "AT", NOW)).toBeNull();
    expect(await nextNoticeChange(getDb(), "ACH", "DE", NOW)).toBeNull();
  });
});
