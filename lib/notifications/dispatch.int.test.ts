import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type FakeTwilio, startFakeTwilio } from "../../test/fakes/fake-twilio";
import { type SmtpListener, startSmtpListener } from "../../test/fakes/smtp-listener";
import {
  applyTo,
  createNotifiedCustomer,
  createQuietPayout,
  jobs,
  type NotificationRow,
  notification,
  notificationsOf,
  testSql,
} from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import type { Stage } from "../payouts/stages";
import { smtpChannel } from "./channels/email";
import { twilioChannel } from "./channels/sms";
import type { EmailChannel, SmsChannel } from "./channels/types";
import { type DispatchDeps, dispatchNotification } from "./dispatch";

// dispatchNotification against a real SMTP server and the Twilio SDK talking to a fake
// Twilio over HTTP. Retries are driven by calling the dispatcher again, as graphile-worker
// would after its backoff.

const APP_URL = "https://payouts.example.com";
const FROM_NUMBER = "+15005550006";
/** 11:00 in Berlin: outside quiet hours */
const DAY = new Date("2026-11-24T10:00:00Z");
/** 23:00 in Berlin: inside quiet hours (21:00–08:00) */
const NIGHT = new Date("2026-11-24T22:00:00Z");

let listener: SmtpListener;
let fake: FakeTwilio;
let email: EmailChannel;
let sms: SmsChannel;

/** A port nothing listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function twilioFor(apiBaseUrl: string): SmsChannel {
  return twilioChannel({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    from: FROM_NUMBER,
    messagingServiceSid: null,
    apiBaseUrl,
    // Nobody listens: the fake's status callbacks fail quietly (receipts.int.test.ts covers them).
    statusCallbackUrl: "http://127.0.0.1:9/api/webhooks/twilio/status",
  });
}

beforeAll(async () => {
  listener = await startSmtpListener();
  fake = await startFakeTwilio({ callbackDelayMs: 10 });
  email = smtpChannel(listener.url, "Payout Tracker <payouts@example.com>");
  sms = twilioFor(fake.url);
});

afterAll(async () => {
  email.close();
  await listener.close();
  await fake.close();
});

beforeEach(async () => {
  await resetDatabase();
  listener.clear();
  listener.resetFaults();
  fake.clear();
  fake.resetFaults();
});

afterEach(() => {
  listener.resetFaults();
  fake.resetFaults();
});

function deps(overrides: Partial<DispatchDeps> = {}): DispatchDeps {
  return { sql: testSql(), email, sms, appUrl: APP_URL, now: () => DAY, ...overrides };
}

/** A customer, a payout (no notifications yet) and one event that queues them; returns the rows by channel. */
async function queued(
  customerOptions: Parameters<typeof createNotifiedCustomer>[0] = {},
  stage: Stage = "VERIFYING",
  from: Stage = "REQUESTED",
) {
  const customer = await createNotifiedCustomer(customerOptions);
  const payout = await createQuietPayout(customer.id, from);
  const { result } = await applyTo(payout.id, { stage, reasonCode: stage === "FAILED" ? "BANK_REJECTED" : undefined });
  if (!result.ok) {
    throw new Error(result.message);
  }
  const rows = await notificationsOf(payout.id);
  const byChannel = (channel: "EMAIL" | "SMS") => rows.find((n) => n.channel === channel) as NotificationRow;
  return { customer, payout, rows, email: byChannel("EMAIL"), sms: byChannel("SMS") };
}

describe("email over SMTP", () => {
  it("arrives once, with the reference in subject, text and HTML, and List-Unsubscribe to the preferences", async () => {
    const q = await queued({ phone: null });
    const outcome = await dispatchNotification(q.email.id, deps());
    expect(outcome).toMatchObject({ type: "sent" });

    const mail = await listener.waitFor((m) => m.envelopeTo.includes(q.customer.email ?? ""));
    expect(mail.subject).toBe(`We are verifying your payout ${q.payout.reference}`);
    expect(mail.text).toContain("Hello Ada,");
    expect(mail.text).toContain(q.payout.reference);
    expect(mail.html).toContain(q.payout.reference);
    expect(mail.html).toContain(`${APP_URL}/payouts/${q.payout.reference}`);
    expect(mail.headers["list-unsubscribe"]).toBe(`<${APP_URL}/preferences>`);
    expect(mail.headers["x-payout-reference"]).toBe(q.payout.reference);
    expect(mail.envelopeFrom).toBe("payouts@example.com");
    expect(mail.messageId).toBe(`<${q.email.id.replace(":", ".")}@payout-tracker>`);

    const row = await notification(q.email.id);
    expect(row).toMatchObject({
      status: "SENT",
      attempts: 1,
      provider_id: mail.messageId,
      destination: q.customer.email,
      subject: mail.subject,
      last_error: null,
    });
    expect(row.sent_at).toBeInstanceOf(Date);

    // The same job again (a retry after a lost acknowledgement): nothing is sent twice.
    expect(await dispatchNotification(q.email.id, deps())).toEqual({ type: "already", status: "SENT" });
    expect(listener.messages).toHaveLength(1);
    expect((await notification(q.email.id)).attempts).toBe(1);
  });

  it("speaks German to a German customer", async () => {
    const q = await queued({ phone: null, locale: "de", name: "Grete Müller" }, "COMPLETED", "SENT");
    await dispatchNotification(q.email.id, deps());
    const mail = await listener.waitFor((m) => m.envelopeTo.includes(q.customer.email ?? ""));
    expect(mail.subject).toBe(`Ihre Auszahlung ${q.payout.reference} ist angekommen`);
    expect(mail.text).toContain("Hallo Grete");
    expect(mail.html).toContain('lang="de"');
    expect(mail.html).toContain("Benachrichtigungen verwalten");
  });

  it("an unknown id is reported, not sent", async () => {
    expect(await dispatchNotification("nope:EMAIL", deps())).toEqual({ type: "already", status: "MISSING" });
  });
});

describe("what the messages say (rendered from the event they are about)", () => {
  it("a note from the team arrives by email and SMS, once; a later message does not repeat it", async () => {
    const customer = await createNotifiedCustomer({ smsLevel: "ALL" });
    const payout = await createQuietPayout(customer.id, "PROCESSING");
    await applyTo(payout.id, { note: "We called your bank: it leaves today." });
    const [mailRow, smsRow] = await notificationsOf(payout.id);
    expect([mailRow?.kind, smsRow?.kind]).toEqual(["NOTE", "NOTE"]);
    await dispatchNotification(mailRow?.id ?? "", deps());
    await dispatchNotification(smsRow?.id ?? "", deps());
    const mail = await listener.waitFor((m) => m.envelopeTo.includes(customer.email ?? ""));
    expect(mail.subject).toBe(`A note about your payout ${payout.reference}`);
    expect(mail.text).toContain("A note from our team");
    expect(mail.text).toContain("We called your bank: it leaves today.");
    const text = fake.messages.find((m) => m.to === customer.phone);
    expect(text?.body).toContain("Note: We called your bank: it leaves today.");

    // The next stage's message carries no old note.
    await applyTo(payout.id, { stage: "SENT" });
    const sent = (await notificationsOf(payout.id)).find((n) => n.kind === "STAGE_CHANGED" && n.channel === "EMAIL");
    listener.clear();
    await dispatchNotification(sent?.id ?? "", deps());
    const next = await listener.waitFor((m) => m.envelopeTo.includes(customer.email ?? ""));
    expect(next.text).not.toContain("We called your bank");
  });

  it("an ETA change says the new promise, the one before and why", async () => {
    const customer = await createNotifiedCustomer({ phone: null });
    const payout = await createQuietPayout(customer.id, "PROCESSING");
    const before = await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } });
    const later = new Date((before.etaAt ?? DAY).getTime() + 5 * 86_400_000);
    // The platform's own new promise, with its reason.
    await applyTo(payout.id, {
      eta: later,
      etaReason: "BANK_HOLIDAY",
    });
    const rows = await notificationsOf(payout.id);
    expect(rows.map((n) => n.kind)).toEqual(["ETA_MOVED"]);
    await dispatchNotification(rows[0]?.id ?? "", deps());
    const mail = await listener.waitFor((m) => m.envelopeTo.includes(customer.email ?? ""));
    expect(mail.subject).toBe(`New estimate for your payout ${payout.reference}`);
    expect(mail.text).toMatch(/Expected by \w+day \d+ \w+/);
    expect(mail.text).toContain("Before this update: by ");
    expect(mail.text).toContain("Why it changed: A bank holiday is delaying the transfer");
    expect(mail.text).not.toContain("23:59");
  });
});

describe("SMS through the Twilio SDK", () => {
  it("arrives at the fake Twilio from our number, with the reference, and the SID is recorded", async () => {
    const q = await queued({ email: null, smsLevel: "ALL" });
    const outcome = await dispatchNotification(q.sms.id, deps());
    expect(outcome).toMatchObject({ type: "sent" });
    const message = await fake.waitFor((m) => m.to === q.customer.phone);
    expect(message.from).toBe(FROM_NUMBER);
    expect(message.body).toContain(q.payout.reference);
    expect(message.statusCallback).toBe("http://127.0.0.1:9/api/webhooks/twilio/status");
    expect(await notification(q.sms.id)).toMatchObject({
      status: "SENT",
      provider_id: message.sid,
      destination: q.customer.phone,
      body_text: message.body,
    });
    expect(await dispatchNotification(q.sms.id, deps())).toEqual({ type: "already", status: "SENT" });
    expect(fake.messages).toHaveLength(1);
  });

  it("reaches the configured API base URL even with TWILIO_REGION / TWILIO_EDGE in the environment", async () => {
    const local = await startFakeTwilio({ host: "localhost", callbackDelayMs: 10 });
    vi.stubEnv("TWILIO_REGION", "ie1");
    vi.stubEnv("TWILIO_EDGE", "dublin");
    try {
      const q = await queued({ email: null, smsLevel: "ALL" });
      const outcome = await dispatchNotification(q.sms.id, deps({ sms: twilioFor(local.url) }));
      expect(outcome).toMatchObject({ type: "sent" });
      expect(local.messages).toHaveLength(1);
    } finally {
      vi.unstubAllEnvs();
      await local.close();
    }
  });
});

describe("preferences and opt-out", () => {
  it("IMPORTANT suppresses a routine email and lets an important one through", async () => {
    const routine = await queued({ phone: null, emailLevel: "IMPORTANT" }, "VERIFYING");
    expect(await dispatchNotification(routine.email.id, deps())).toEqual({ type: "suppressed", reason: "PREFERENCES" });
    expect(await notification(routine.email.id)).toMatchObject({
      status: "SUPPRESSED",
      suppressed_reason: "PREFERENCES",
      attempts: 0,
    });

    const important = await queued({ phone: null, emailLevel: "IMPORTANT" }, "COMPLETED", "SENT");
    expect(await dispatchNotification(important.email.id, deps())).toMatchObject({ type: "sent" });
    await listener.waitForCount(1);
    expect(listener.messages).toHaveLength(1);
    expect(listener.messages[0]?.envelopeTo).toEqual([important.customer.email]);
  });

  it("the SMS default (IMPORTANT) suppresses a routine SMS", async () => {
    const q = await queued({}, "VERIFYING");
    expect(await dispatchNotification(q.sms.id, deps())).toEqual({ type: "suppressed", reason: "PREFERENCES" });
    expect(await dispatchNotification(q.email.id, deps())).toMatchObject({ type: "sent" });
    expect(fake.messages).toHaveLength(0);
  });

  it("NONE suppresses everything, important or not", async () => {
    const q = await queued({ emailLevel: "NONE", smsLevel: "NONE" }, "ACTION_REQUIRED", "VERIFYING");
    expect(await dispatchNotification(q.email.id, deps())).toEqual({ type: "suppressed", reason: "PREFERENCES" });
    expect(await dispatchNotification(q.sms.id, deps())).toEqual({ type: "suppressed", reason: "PREFERENCES" });
    expect((await notificationsOf(q.payout.id)).map((n) => [n.status, n.suppressed_reason])).toEqual([
      ["SUPPRESSED", "PREFERENCES"],
      ["SUPPRESSED", "PREFERENCES"],
    ]);
    expect(listener.messages).toHaveLength(0);
    expect(fake.messages).toHaveLength(0);
  });

  it("an opted-out number gets no SMS", async () => {
    const q = await queued({ smsLevel: "ALL", smsOptedOutAt: new Date("2026-11-01T00:00:00Z") });
    expect(await dispatchNotification(q.sms.id, deps())).toEqual({ type: "suppressed", reason: "OPTED_OUT" });
    expect(await notification(q.sms.id)).toMatchObject({ status: "SUPPRESSED", suppressed_reason: "OPTED_OUT" });
    expect(fake.messages).toHaveLength(0);
  });

  it("an address removed after the event was queued suppresses with NO_DESTINATION", async () => {
    const q = await queued({ smsLevel: "ALL" });
    await getDb().customer.update({ where: { id: q.customer.id }, data: { phone: null } });
    expect(await dispatchNotification(q.sms.id, deps())).toEqual({ type: "suppressed", reason: "NO_DESTINATION" });
  });
});

describe("quiet hours", () => {
  it("holds a routine SMS at 23:00 local time until 08:00 local, with a job for that moment", async () => {
    const q = await queued({ email: null, smsLevel: "ALL" });
    const until = new Date("2026-11-25T07:00:00Z"); // 08:00 in Berlin (CET)
    expect(await dispatchNotification(q.sms.id, deps({ now: () => NIGHT }))).toEqual({ type: "held", until });
    expect(await notification(q.sms.id)).toMatchObject({ status: "QUEUED", scheduled_for: until, attempts: 0 });
    const held = (await jobs([q.sms.id])).find((j) => j.key === `notify:${q.sms.id}:held`);
    expect(held?.run_at).toEqual(until);
    expect(fake.messages).toHaveLength(0);

    // At 08:00 the held job sends it.
    expect(await dispatchNotification(q.sms.id, deps({ now: () => until }))).toMatchObject({ type: "sent" });
    await fake.waitForCount(1);
  });

  it("reads the clock in the customer's zone", async () => {
    const q = await queued({ email: null, smsLevel: "ALL", timeZone: "America/New_York" });
    // 23:00 in Berlin is 17:00 in New York: not quiet there.
    expect(await dispatchNotification(q.sms.id, deps({ now: () => NIGHT }))).toMatchObject({ type: "sent" });
    const r = await queued({ email: null, smsLevel: "ALL", timeZone: "America/New_York" });
    // 23:30 in New York (EST, UTC−5) → held until 08:00 there, 13:00 UTC.
    expect(await dispatchNotification(r.sms.id, deps({ now: () => new Date("2026-11-25T04:30:00Z") }))).toEqual({
      type: "held",
      until: new Date("2026-11-25T13:00:00Z"),
    });
  });

  it("sends an urgent SMS (FAILED, ACTION_REQUIRED) at night, and email is never held", async () => {
    const failed = await queued({ smsLevel: "ALL" }, "FAILED", "PROCESSING");
    expect(await dispatchNotification(failed.sms.id, deps({ now: () => NIGHT }))).toMatchObject({ type: "sent" });
    const action = await queued({}, "ACTION_REQUIRED", "VERIFYING");
    expect(await dispatchNotification(action.sms.id, deps({ now: () => NIGHT }))).toMatchObject({ type: "sent" });
    expect(await dispatchNotification(action.email.id, deps({ now: () => NIGHT }))).toMatchObject({ type: "sent" });
    await fake.waitForCount(2);
  });
});

describe("transient and permanent errors", () => {
  it("SMTP 451 asks for a retry (QUEUED with the error); the next try sends", async () => {
    const q = await queued({ phone: null });
    listener.failNext(1, { code: 451, message: "Greylisted, try again later" });
    const first = await dispatchNotification(q.email.id, deps(), { attempt: 1, maxAttempts: 10 });
    expect(first).toMatchObject({ type: "retry" });
    expect(first.type === "retry" && first.error).toContain("451");
    const row = await notification(q.email.id);
    expect(row).toMatchObject({ status: "QUEUED", attempts: 1 });
    expect(row.last_error).toContain("451");

    expect(await dispatchNotification(q.email.id, deps(), { attempt: 2, maxAttempts: 10 })).toMatchObject({
      type: "sent",
    });
    expect(await notification(q.email.id)).toMatchObject({ status: "SENT", attempts: 2, last_error: null });
    expect(listener.messages).toHaveLength(1);
  });

  it("a transient error on the last attempt fails the message for good", async () => {
    const q = await queued({ phone: null });
    listener.failNext(1, { code: 421, message: "Service not available" });
    const outcome = await dispatchNotification(q.email.id, deps(), { attempt: 3, maxAttempts: 3 });
    expect(outcome).toMatchObject({ type: "failed", fallbackId: null });
    expect(outcome.type === "failed" && outcome.error).toMatch(/^gave up after 3 attempts; last: SMTP 421/);
    const row = await notification(q.email.id);
    expect(row.status).toBe("FAILED");
    expect(row.failed_at).toBeInstanceOf(Date);
    expect(await dispatchNotification(q.email.id, deps())).toEqual({ type: "already", status: "FAILED" });
  });

  it("SMTP 550 fails at once and falls back to an SMS the preferences had suppressed; that one does not fall back again", async () => {
    const q = await queued({}, "VERIFYING");
    // Routine news: the SMS default level (IMPORTANT) suppresses the SMS.
    expect(await dispatchNotification(q.sms.id, deps())).toEqual({ type: "suppressed", reason: "PREFERENCES" });

    listener.rejectRecipient(q.customer.email ?? "", 550);
    const outcome = await dispatchNotification(q.email.id, deps());
    expect(outcome).toMatchObject({ type: "failed", fallbackId: q.sms.id });
    expect(outcome.type === "failed" && outcome.error).toContain("550");
    expect(await notification(q.email.id)).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(await notification(q.sms.id)).toMatchObject({ status: "QUEUED", fallback: true, suppressed_reason: null });
    // (the event's own jobs are still queued here: no worker runs in this file)
    expect((await jobs([q.sms.id])).map((j) => j.key)).toContain(`notify:${q.sms.id}:fallback`);
    const jobsBefore = (await jobs()).length;

    // The fallback goes out although the customer's level would not let routine SMS through …
    fake.failNext(1, { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    const fallback = await dispatchNotification(q.sms.id, deps());
    // … and when it fails for good too, nothing falls back again.
    expect(fallback).toMatchObject({ type: "failed", fallbackId: null });
    expect(await notification(q.email.id)).toMatchObject({ status: "FAILED" });
    expect(await notificationsOf(q.payout.id)).toHaveLength(2);
    expect(await jobs()).toHaveLength(jobsBefore);
  });

  it("SMTP 550 falls back to a new SMS row when the customer has a phone, sent despite the level", async () => {
    const q = await queued({}, "VERIFYING");
    listener.failNext(1, { code: 550, message: "Mailbox unavailable" });
    // The SMS of the same event has not been dispatched yet: it is already on its way, no new row.
    expect(await dispatchNotification(q.email.id, deps())).toMatchObject({ type: "failed", fallbackId: null });
    // When it is, the failed email lets it through the "important only" level.
    expect(await dispatchNotification(q.sms.id, deps())).toMatchObject({ type: "sent" });
    await fake.waitForCount(1);
  });

  it("never falls back to a channel the customer turned off", async () => {
    const q = await queued({ smsLevel: "NONE" }, "VERIFYING");
    listener.failNext(1, { code: 550, message: "Mailbox unavailable" });
    expect(await dispatchNotification(q.email.id, deps())).toMatchObject({ type: "failed" });
    expect(await dispatchNotification(q.sms.id, deps())).toEqual({ type: "suppressed", reason: "PREFERENCES" });
    expect(fake.messages).toHaveLength(0);
  });

  it("a permanent SMTP failure of a customer without phone fails without fallback", async () => {
    const q = await queued({ phone: null });
    listener.failNext(1, { code: 554, message: "Transaction failed" });
    expect(await dispatchNotification(q.email.id, deps())).toMatchObject({ type: "failed", fallbackId: null });
    expect(await notificationsOf(q.payout.id)).toHaveLength(1);
  });

  it("Twilio 21610 fails the SMS, opts the number out and falls back to email", async () => {
    const q = await queued({ smsLevel: "ALL", emailLevel: "IMPORTANT" }, "VERIFYING");
    expect(await dispatchNotification(q.email.id, deps())).toEqual({ type: "suppressed", reason: "PREFERENCES" });
    fake.optOut(q.customer.phone ?? "");
    const outcome = await dispatchNotification(q.sms.id, deps());
    expect(outcome).toMatchObject({ type: "failed", fallbackId: q.email.id });
    expect(outcome.type === "failed" && outcome.error).toContain("21610");
    expect(await notification(q.sms.id)).toMatchObject({ status: "FAILED" });
    const customer = await getDb().customer.findUniqueOrThrow({ where: { id: q.customer.id } });
    expect(customer.smsOptedOutAt).toBeInstanceOf(Date);

    expect(await dispatchNotification(q.email.id, deps())).toMatchObject({ type: "sent" });
    const mail = await listener.waitFor((m) => m.envelopeTo.includes(q.customer.email ?? ""));
    expect(mail.subject).toContain(q.payout.reference);
    expect(await notification(q.email.id)).toMatchObject({ status: "SENT", fallback: true });

    // The next SMS to that customer is suppressed without asking Twilio.
    const next = await applyTo(q.payout.id, { stage: "UNDER_REVIEW" });
    expect(next.result.ok).toBe(true);
    const later = (await notificationsOf(q.payout.id)).find((n) => n.channel === "SMS" && n.id !== q.sms.id);
    expect(await dispatchNotification(later?.id ?? "", deps())).toEqual({ type: "suppressed", reason: "OPTED_OUT" });
  });

  it.each([
    { status: 429, code: 20429 },
    { status: 500, code: 20500 },
    { status: 503, code: 20503 },
  ])("Twilio $status asks for a retry; the next try sends", async (fault) => {
    const q = await queued({ email: null, smsLevel: "ALL" });
    fake.failNext(1, fault);
    const outcome = await dispatchNotification(q.sms.id, deps());
    expect(outcome).toMatchObject({ type: "retry" });
    expect(outcome.type === "retry" && outcome.error).toContain(`Twilio ${fault.status}`);
    expect(await notification(q.sms.id)).toMatchObject({ status: "QUEUED", attempts: 1 });
    expect(await dispatchNotification(q.sms.id, deps(), { attempt: 2, maxAttempts: 10 })).toMatchObject({
      type: "sent",
    });
    expect(fake.messages).toHaveLength(1);
  });

  it("a refused connection (SMTP or Twilio) asks for a retry", async () => {
    const q = await queued({ smsLevel: "ALL" });
    const port = await closedPort();
    const deadEmail = smtpChannel(`smtp://127.0.0.1:${port}`, "Payout Tracker <payouts@example.com>");
    try {
      const outcome = await dispatchNotification(q.email.id, deps({ email: deadEmail }));
      expect(outcome).toMatchObject({ type: "retry" });
      expect(outcome.type === "retry" && outcome.error).toContain("ECONNREFUSED");
    } finally {
      deadEmail.close();
    }
    const smsOutcome = await dispatchNotification(q.sms.id, deps({ sms: twilioFor(`http://127.0.0.1:${port}`) }));
    expect(smsOutcome).toMatchObject({ type: "retry" });
    expect((await notificationsOf(q.payout.id)).map((n) => n.status)).toEqual(["QUEUED", "QUEUED"]);
    // Back up: both go out.
    expect(await dispatchNotification(q.email.id, deps())).toMatchObject({ type: "sent" });
    expect(await dispatchNotification(q.sms.id, deps())).toMatchObject({ type: "sent" });
  });
});

describe("a worker that died mid-send", () => {
  it("a message SENDING within its lease is left to the worker sending it", async () => {
    const q = await queued({ phone: null });
    await testSql().run("update notifications set status = 'SENDING', sending_at = $2 where id = $1", [
      q.email.id,
      new Date(DAY.getTime() - 10_000),
    ]);
    expect(await dispatchNotification(q.email.id, deps({ sendingLeaseMs: 60_000 }))).toMatchObject({
      type: "retry",
      error: "another worker is sending this message right now",
    });
    expect(listener.messages).toHaveLength(0);
  });

  it("after the lease, an email goes again with the same Message-ID", async () => {
    const q = await queued({ phone: null });
    await dispatchNotification(q.email.id, deps());
    // The worker crashed after the server's 250 and before it recorded SENT.
    await testSql().run("update notifications set status = 'SENDING', sending_at = $2 where id = $1", [
      q.email.id,
      new Date(DAY.getTime() - 120_000),
    ]);
    expect(await dispatchNotification(q.email.id, deps({ sendingLeaseMs: 60_000 }))).toMatchObject({ type: "sent" });
    const copies = await listener.waitForCount(2);
    expect(copies[1]?.messageId).toBe(copies[0]?.messageId);
  });

  it("after the lease, an SMS Twilio already accepted is found, not sent again", async () => {
    // Real clock here: the lookup asks Twilio for messages sent since the crashed try.
    const q = await queued({ email: null, smsLevel: "ALL", quietHoursStart: null, quietHoursEnd: null });
    const crashed = new Date(Date.now() - 120_000);
    const crashing: SmsChannel = {
      ...sms,
      async send(message) {
        const result = await sms.send(message);
        throw new Error(`worker killed after Twilio accepted (${result.status})`);
      },
    };
    await expect(dispatchNotification(q.sms.id, deps({ sms: crashing, now: () => crashed }))).rejects.toThrow(
      "worker killed",
    );
    expect(await notification(q.sms.id)).toMatchObject({ status: "SENDING" });
    const accepted = await fake.waitForCount(1);

    const outcome = await dispatchNotification(q.sms.id, deps({ now: () => new Date(), sendingLeaseMs: 60_000 }));
    expect(outcome).toEqual({ type: "sent", providerId: accepted[0]?.sid });
    expect(fake.messages).toHaveLength(1);
    expect(await notification(q.sms.id)).toMatchObject({ status: "SENT", provider_id: accepted[0]?.sid, attempts: 2 });
  });

  it("after a Twilio call that got no answer, the next try asks Twilio first and adopts the accepted SMS", async () => {
    const q = await queued({ email: null, smsLevel: "ALL", quietHoursStart: null, quietHoursEnd: null });
    // Twilio accepted the message, but the answer never reached us (a network error).
    const unanswered: SmsChannel = {
      ...sms,
      async send(message) {
        await sms.send(message);
        return { status: "retry", error: "network: socket hang up" };
      },
    };
    expect(await dispatchNotification(q.sms.id, deps({ sms: unanswered, now: () => new Date() }))).toMatchObject({
      type: "retry",
    });
    const accepted = await fake.waitForCount(1);
    const outcome = await dispatchNotification(q.sms.id, deps({ now: () => new Date() }));
    expect(outcome).toEqual({ type: "sent", providerId: accepted[0]?.sid });
    expect(fake.messages).toHaveLength(1);
  });
});
