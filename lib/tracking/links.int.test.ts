import { beforeEach, describe, expect, it } from "vitest";
import { createPayout } from "../../test/factories";
import { createNotifiedCustomer, notificationsOf, testSql } from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { outboxEmailChannel } from "../notifications/channels/email";
import { outboxSmsChannel } from "../notifications/channels/sms";
import type { EmailChannel, EmailMessage } from "../notifications/channels/types";
import { DEFAULT_SENDING_LEASE_MS, dispatchNotification } from "../notifications/dispatch";
import { resolveTrackingLink, revokeTrackingLinks, trackingToken } from "./links";

const SECRET = "links-test-secret-0123456789";
const ROTATED = "rotated-secret-0123456789";
const APP_URL = "https://track.example.com";
const DAY = new Date("2026-11-24T10:00:00Z");

beforeEach(resetDatabase);

async function sentEmailOf(payoutId: string) {
  const [email] = (await notificationsOf(payoutId)).filter((n) => n.channel === "EMAIL");
  if (!email) {
    throw new Error("no email notification");
  }
  const deps = {
    sql: testSql(),
    email: outboxEmailChannel(),
    sms: outboxSmsChannel(),
    appUrl: APP_URL,
    linkSecret: SECRET,
    linkTtlMs: 30 * 86_400_000,
    now: () => DAY,
  };
  expect(await dispatchNotification(email.id, deps)).toMatchObject({ type: "sent" });
  return getDb().notification.findUniqueOrThrow({ where: { id: email.id } });
}

/** An email channel whose sends hang until `release()`; `started` resolves with the message handed to it. */
function hangingEmail() {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let begin: (message: EmailMessage) => void = () => {};
  const started = new Promise<EmailMessage>((resolve) => {
    begin = resolve;
  });
  const channel: EmailChannel = {
    ...outboxEmailChannel(),
    async send(message) {
      begin(message);
      await released;
      return { status: "sent", providerId: message.messageId };
    },
  };
  return { channel, started, release };
}

/**
 * How a message is sent twice in production: a worker's send outlives the sending lease, so
 * another worker takes the message over and sends it again (with `second`'s secret, a lease
 * later); the first try records SENT and its link, then the second records its link. Returns
 * the two messages as they were sent.
 */
async function sendTwiceOverlapping(id: string, second: { linkSecret: string }) {
  const deps = { sql: testSql(), sms: outboxSmsChannel(), appUrl: APP_URL, linkTtlMs: 30 * 86_400_000 };
  const a = hangingEmail();
  const first = dispatchNotification(id, { ...deps, email: a.channel, linkSecret: SECRET, now: () => DAY });
  const firstMessage = await a.started;
  const b = hangingEmail();
  const later = new Date(DAY.getTime() + DEFAULT_SENDING_LEASE_MS + 1_000);
  const resend = dispatchNotification(id, {
    ...deps,
    email: b.channel,
    linkSecret: second.linkSecret,
    now: () => later,
  });
  const secondMessage = await b.started;
  a.release();
  expect(await first).toMatchObject({ type: "sent" });
  b.release();
  expect(await resend).toMatchObject({ type: "sent" });
  return [firstMessage, secondMessage] as const;
}

describe("tracking links in messages", () => {
  it("every sent message links to /t/<token>, which opens its payout for 30 days", async () => {
    const customer = await createNotifiedCustomer({ name: "Dana Demo", locale: "de", phone: null });
    const payout = await createPayout(customer.id);
    const email = await sentEmailOf(payout.id);
    const token = trackingToken(SECRET, email.id);
    // The dev outbox is the delivery: its copy keeps the working link.
    expect(email.bodyText).toContain(`${APP_URL}/t/${token}`);
    expect(email.bodyHtml).toContain(`${APP_URL}/t/${token}`);

    const link = await resolveTrackingLink(getDb(), token, DAY);
    expect(link).toMatchObject({ ok: true, payoutId: payout.id, firstName: "Dana", locale: "de" });
    expect(link.ok && link.expiresAt).toEqual(new Date(DAY.getTime() + 30 * 86_400_000));
    expect(await resolveTrackingLink(getDb(), token, new Date(DAY.getTime() + 31 * 86_400_000))).toEqual({
      ok: false,
      reason: "EXPIRED",
    });
  });

  it("a message that really left keeps only a masked link in its stored copy", async () => {
    const customer = await createNotifiedCustomer({ phone: null });
    const payout = await createPayout(customer.id);
    const [row] = (await notificationsOf(payout.id)).filter((n) => n.channel === "EMAIL");
    const smtpLike = { ...outboxEmailChannel(), transport: "smtp" };
    await dispatchNotification(row?.id ?? "", {
      sql: testSql(),
      email: smtpLike,
      sms: outboxSmsChannel(),
      appUrl: APP_URL,
      linkSecret: SECRET,
      now: () => DAY,
    });
    const token = trackingToken(SECRET, row?.id ?? "");
    const stored = await getDb().notification.findUniqueOrThrow({ where: { id: row?.id } });
    expect(stored.status).toBe("SENT");
    expect(stored.bodyText).not.toContain(token);
    expect(stored.bodyHtml).not.toContain(token);
    expect(stored.bodyText).toContain(`${APP_URL}/t/${token.slice(0, 4)}…`);
  });

  it("a resend signed with a rotated secret replaces the token, so the newest link works", async () => {
    const customer = await createNotifiedCustomer({ phone: null });
    const payout = await createPayout(customer.id);
    const [row] = (await notificationsOf(payout.id)).filter((n) => n.channel === "EMAIL");
    const [first, resent] = await sendTwiceOverlapping(row?.id ?? "", { linkSecret: ROTATED });
    const oldToken = trackingToken(SECRET, row?.id ?? "");
    const newToken = trackingToken(ROTATED, row?.id ?? "");
    expect(first.text).toContain(`${APP_URL}/t/${oldToken}`);
    expect(resent.text).toContain(`${APP_URL}/t/${newToken}`);

    expect(await resolveTrackingLink(getDb(), newToken, DAY)).toMatchObject({ ok: true, payoutId: payout.id });
    expect(await resolveTrackingLink(getDb(), oldToken, DAY)).toEqual({ ok: false, reason: "UNKNOWN" });
    expect(await getDb().trackingLink.count({ where: { payoutId: payout.id } })).toBe(1);
  });

  it("a resend of the same message carries the same link and keeps its first expiry", async () => {
    const customer = await createNotifiedCustomer({ phone: null });
    const payout = await createPayout(customer.id);
    const [row] = (await notificationsOf(payout.id)).filter((n) => n.channel === "EMAIL");
    const [first, resent] = await sendTwiceOverlapping(row?.id ?? "", { linkSecret: SECRET });
    const token = trackingToken(SECRET, row?.id ?? "");
    expect(first.text).toContain(`${APP_URL}/t/${token}`);
    expect(resent.text).toContain(`${APP_URL}/t/${token}`);

    expect(await getDb().trackingLink.count({ where: { payoutId: payout.id } })).toBe(1);
    const link = await resolveTrackingLink(getDb(), token, DAY);
    // the first try's 30 days, not the resend's (a lease later)
    expect(link.ok && link.expiresAt).toEqual(new Date(DAY.getTime() + 30 * 86_400_000));
  });

  it("an admin's revocation switches every link of the payout off", async () => {
    const customer = await createNotifiedCustomer({ phone: null });
    const payout = await createPayout(customer.id);
    const email = await sentEmailOf(payout.id);
    const staff = await getDb().staffUser.create({ data: { email: "ops@example.com", name: "Ops", role: "ADMIN" } });
    expect(await revokeTrackingLinks(getDb(), payout.id, staff.id)).toBe(1);
    expect(await resolveTrackingLink(getDb(), trackingToken(SECRET, email.id), DAY)).toEqual({
      ok: false,
      reason: "REVOKED",
    });
    expect(await revokeTrackingLinks(getDb(), payout.id, staff.id)).toBe(0);
  });

  it("a guessed, forged or malformed token opens nothing", async () => {
    const customer = await createNotifiedCustomer({ phone: null });
    const payout = await createPayout(customer.id);
    const email = await sentEmailOf(payout.id);
    for (const token of [
      trackingToken("another-secret-0123456789", email.id),
      "AAAAAAAAAAAAAAAAAAAAAA",
      "short",
      "../../etc/passwd",
      `${trackingToken(SECRET, email.id)}x`,
    ]) {
      expect(await resolveTrackingLink(getDb(), token, DAY), token).toEqual({ ok: false, reason: "UNKNOWN" });
    }
  });

  it("without a link secret, messages point at the signed-in payout page", async () => {
    const customer = await createNotifiedCustomer({ phone: null });
    const payout = await createPayout(customer.id);
    const [email] = await notificationsOf(payout.id);
    await dispatchNotification(email?.id ?? "", {
      sql: testSql(),
      email: outboxEmailChannel(),
      sms: outboxSmsChannel(),
      appUrl: APP_URL,
      now: () => DAY,
    });
    const sent = await getDb().notification.findUniqueOrThrow({ where: { id: email?.id } });
    expect(sent.bodyText).toContain(`${APP_URL}/payouts/${payout.reference}`);
    expect(await getDb().trackingLink.count()).toBe(0);
  });
});
