import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type FakeTwilio, startFakeTwilio, twilioSignature } from "../../test/fakes/fake-twilio";
import { type SmtpListener, startSmtpListener } from "../../test/fakes/smtp-listener";
import {
  applyTo,
  createNotifiedCustomer,
  createQuietPayout,
  eventually,
  jobs,
  type NotificationRow,
  notification,
  notificationsOf,
  testSql,
} from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { smtpChannel } from "./channels/email";
import { twilioChannel } from "./channels/sms";
import type { EmailChannel, SmsChannel } from "./channels/types";
import { type DispatchDeps, dispatchNotification } from "./dispatch";

// Twilio's webhooks through the real route handlers (app/api/webhooks/twilio/*), served
// over HTTP so that the fake Twilio's signed status callbacks reach them as Twilio's would.

type Handler = (request: Request) => Promise<Response>;
const FROM_NUMBER = "+15005550006";
const DAY = new Date("2026-11-24T10:00:00Z");

let server: Server;
let appUrl: string;
let statusUrl: string;
let inboundUrl: string;
let statusRoute: Handler;
let inboundRoute: Handler;
let fake: FakeTwilio;
let listener: SmtpListener;
let email: EmailChannel;
let sms: SmsChannel;

beforeAll(async () => {
  // A tiny HTTP front for the route handlers, as Next.js would serve them.
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const route = req.url?.startsWith("/api/webhooks/twilio/status") ? statusRoute : inboundRoute;
      const headers = new Headers();
      for (const name of ["content-type", "x-twilio-signature", "user-agent"]) {
        const value = req.headers[name];
        if (typeof value === "string") {
          headers.set(name, value);
        }
      }
      route(new Request(`${appUrl}${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }))
        .then(async (response) => {
          res.writeHead(response.status, Object.fromEntries(response.headers));
          res.end(Buffer.from(await response.arrayBuffer()));
        })
        .catch((error: unknown) => {
          res.writeHead(500).end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  statusUrl = `${appUrl}/api/webhooks/twilio/status`;
  inboundUrl = `${appUrl}/api/webhooks/twilio/inbound`;

  fake = await startFakeTwilio({ callbackDelayMs: 20 });
  listener = await startSmtpListener();

  // lib/env reads the environment when it is first imported: set it, then import the routes afresh.
  vi.stubEnv("APP_URL", appUrl);
  vi.stubEnv("TWILIO_ACCOUNT_SID", fake.accountSid);
  vi.stubEnv("TWILIO_AUTH_TOKEN", fake.authToken);
  vi.stubEnv("TWILIO_FROM", FROM_NUMBER);
  vi.resetModules();
  statusRoute = (await import("@/app/api/webhooks/twilio/status/route")).POST;
  inboundRoute = (await import("@/app/api/webhooks/twilio/inbound/route")).POST;

  email = smtpChannel(listener.url, "Payout Tracker <payouts@example.com>");
  sms = twilioChannel({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    from: FROM_NUMBER,
    messagingServiceSid: null,
    apiBaseUrl: fake.url,
    statusCallbackUrl: statusUrl,
  });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  email.close();
  await fake.close();
  await listener.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(async () => {
  await resetDatabase();
  fake.clear();
  fake.resetFaults();
  listener.clear();
});

function deps(overrides: Partial<DispatchDeps> = {}): DispatchDeps {
  return { sql: testSql(), email, sms, appUrl, now: () => DAY, ...overrides };
}

async function queued(customerOptions: Parameters<typeof createNotifiedCustomer>[0] = {}) {
  const customer = await createNotifiedCustomer({ smsLevel: "ALL", ...customerOptions });
  const payout = await createQuietPayout(customer.id);
  const { result } = await applyTo(payout.id, { stage: "VERIFYING" });
  expect(result.ok).toBe(true);
  const rows = await notificationsOf(payout.id);
  const byChannel = (channel: "EMAIL" | "SMS") => rows.find((n) => n.channel === channel) as NotificationRow;
  return { customer, payout, email: byChannel("EMAIL"), sms: byChannel("SMS") };
}

/** POSTs a status callback to the route, signed as Twilio signs it (or with another key). */
async function postStatus(params: Record<string, string>, authToken = fake.authToken): Promise<Response> {
  const body = { AccountSid: fake.accountSid, ApiVersion: "2010-04-01", ...params };
  return fetch(statusUrl, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilioSignature(authToken, statusUrl, body),
    },
    body: new URLSearchParams(body),
  });
}

const newSid = () => `SM${randomBytes(16).toString("hex")}`;

async function receipts(sid: string): Promise<string[]> {
  const rows = await testSql().rows<{ status: string }>(
    "select status from delivery_receipts where provider_id = $1 order by received_at, id",
    [sid],
  );
  return rows.map((r) => r.status);
}

/** An SMS notification recorded as SENT with this SID (as if the worker had sent it). */
async function sentSms(sid = newSid(), customerOptions: Parameters<typeof createNotifiedCustomer>[0] = {}) {
  const q = await queued(customerOptions);
  await testSql().run(
    "update notifications set status = 'SENT', provider_id = $2, transport = 'twilio', sent_at = now() where id = $1",
    [q.sms.id, sid],
  );
  return { ...q, sid };
}

describe("status callbacks", () => {
  it("the fake's signed callbacks move the SMS SENT → DELIVERED", async () => {
    const q = await queued({ email: null });
    const outcome = await dispatchNotification(q.sms.id, deps());
    if (outcome.type !== "sent") {
      throw new Error(`not sent: ${JSON.stringify(outcome)}`);
    }
    const delivered = await eventually(
      async () => ((await notification(q.sms.id)).status === "DELIVERED" ? notification(q.sms.id) : undefined),
      { message: "DELIVERED" },
    );
    expect(delivered.delivered_at).toBeInstanceOf(Date);
    expect(fake.callbackErrors).toEqual([]);
    expect(await receipts(outcome.providerId)).toEqual(["sent", "delivered"]);
  });

  it("a late interim report does not move a delivered message back", async () => {
    const q = await sentSms();
    expect((await postStatus({ MessageSid: q.sid, MessageStatus: "delivered" })).status).toBe(204);
    const delivered = await notification(q.sms.id);
    expect(delivered).toMatchObject({ status: "DELIVERED" });
    expect((await postStatus({ MessageSid: q.sid, MessageStatus: "sent" })).status).toBe(204);
    expect((await postStatus({ MessageSid: q.sid, MessageStatus: "undelivered", ErrorCode: "30003" })).status).toBe(
      204,
    );
    expect(await notification(q.sms.id)).toEqual(delivered);
    expect(await receipts(q.sid)).toEqual(["delivered", "sent", "undelivered"]);
  });

  it("a replayed callback is recorded once and changes nothing more", async () => {
    const q = await queued({ emailLevel: "IMPORTANT" });
    expect(await dispatchNotification(q.email.id, deps())).toEqual({ type: "suppressed", reason: "PREFERENCES" });
    fake.failDelivery(q.customer.phone ?? "", 30003);
    const outcome = await dispatchNotification(q.sms.id, deps());
    if (outcome.type !== "sent") {
      throw new Error(`not sent: ${JSON.stringify(outcome)}`);
    }
    // The fake's own callbacks first (sent, then undelivered), as Twilio sends them.
    const undelivered = await eventually(
      async () => ((await notification(q.sms.id)).status === "UNDELIVERED" ? notification(q.sms.id) : undefined),
      { message: "UNDELIVERED" },
    );
    const fallback = await notification(q.email.id);
    expect(fallback).toMatchObject({ status: "QUEUED", fallback: true });
    // Twilio retries a callback it got no answer for; anyone holding a signed one can replay it.
    const replay = { MessageSid: outcome.providerId, MessageStatus: "undelivered", ErrorCode: "30003" };
    const answers = await Promise.all(Array.from({ length: 5 }, () => postStatus(replay)));
    expect(answers.map((r) => r.status)).toEqual([204, 204, 204, 204, 204]);
    expect((await postStatus({ MessageSid: outcome.providerId, MessageStatus: "sent" })).status).toBe(204);
    expect(await receipts(outcome.providerId)).toEqual(["sent", "undelivered"]);
    expect(await notification(q.sms.id)).toEqual(undelivered);
    expect(await notification(q.email.id)).toEqual(fallback);
    expect((await jobs([q.email.id])).filter((j) => j.key?.endsWith(":fallback"))).toHaveLength(1);
    expect(fake.callbackErrors).toEqual([]);
  });

  it("a forged signature is refused with 403 and changes nothing", async () => {
    const q = await sentSms();
    const forged = await postStatus({ MessageSid: q.sid, MessageStatus: "delivered" }, "not-the-auth-token-00000000");
    expect(forged.status).toBe(403);
    const unsigned = await fetch(statusUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ MessageSid: q.sid, MessageStatus: "delivered" }),
    });
    expect(unsigned.status).toBe(403);
    expect(await notification(q.sms.id)).toMatchObject({ status: "SENT", delivered_at: null });
    expect(await receipts(q.sid)).toEqual([]);
  });

  it("a webhook body over 64 KiB is refused with 413 on both routes, before anything is read from it", async () => {
    const q = await sentSms();
    const huge = new URLSearchParams({ MessageSid: q.sid, MessageStatus: "delivered", Padding: "x".repeat(70_000) });
    for (const url of [statusUrl, inboundUrl]) {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": twilioSignature(fake.authToken, url, Object.fromEntries(huge)),
        },
        body: huge,
      });
      expect(response.status, url).toBe(413);
      expect(await response.json(), url).toEqual({ error: "too_large" });
    }
    expect(await notification(q.sms.id)).toMatchObject({ status: "SENT", delivered_at: null });
    expect(await receipts(q.sid)).toEqual([]);
  });

  it("a signed callback that is not a status report is refused with 400", async () => {
    const response = await postStatus({ MessageSid: "not-a-sid", MessageStatus: "delivered" });
    expect(response.status).toBe(400);
    expect(await testSql().rows("select 1 from delivery_receipts")).toEqual([]);
  });

  it("undelivered moves the SMS to UNDELIVERED and falls back to the email the preferences had suppressed", async () => {
    const q = await queued({ emailLevel: "IMPORTANT" });
    expect(await dispatchNotification(q.email.id, deps())).toEqual({ type: "suppressed", reason: "PREFERENCES" });
    fake.failDelivery(q.customer.phone ?? "", 30003);
    expect(await dispatchNotification(q.sms.id, deps())).toMatchObject({ type: "sent" });

    const undelivered = await eventually(
      async () => ((await notification(q.sms.id)).status === "UNDELIVERED" ? notification(q.sms.id) : undefined),
      { message: "UNDELIVERED" },
    );
    expect(undelivered.last_error).toBe("Twilio reported undelivered (error 30003)");
    expect(undelivered.failed_at).toBeInstanceOf(Date);
    expect(await notification(q.email.id)).toMatchObject({ status: "QUEUED", fallback: true });
    expect((await jobs([q.email.id])).map((j) => j.key)).toContain(`notify:${q.email.id}:fallback`);
    expect(await dispatchNotification(q.email.id, deps())).toMatchObject({ type: "sent" });
    await listener.waitFor((m) => m.envelopeTo.includes(q.customer.email ?? ""));
    // The customer keeps their SMS: 30003 (unreachable) is not an opt-out.
    expect((await getDb().customer.findUniqueOrThrow({ where: { id: q.customer.id } })).smsOptedOutAt).toBeNull();
  });

  it("a delivery failure 21610 opts the number out", async () => {
    const q = await sentSms();
    expect((await postStatus({ MessageSid: q.sid, MessageStatus: "failed", ErrorCode: "21610" })).status).toBe(204);
    expect(await notification(q.sms.id)).toMatchObject({ status: "UNDELIVERED" });
    expect((await getDb().customer.findUniqueOrThrow({ where: { id: q.customer.id } })).smsOptedOutAt).toBeInstanceOf(
      Date,
    );
  });

  it("a report that arrives before the worker recorded SENT is applied when it does", async () => {
    const q = await queued({ email: null });
    // Twilio calls back within milliseconds; here the worker is slow to record SENT.
    let sid = "";
    const slow: SmsChannel = {
      ...sms,
      async send(message) {
        const result = await sms.send(message);
        if (result.status === "sent") {
          sid = result.providerId;
          await eventually(async () => ((await receipts(sid)).includes("delivered") ? true : undefined), {
            message: "delivered callback",
          });
        }
        return result;
      },
    };
    expect(await dispatchNotification(q.sms.id, deps({ sms: slow }))).toMatchObject({ type: "sent" });
    const row = await notification(q.sms.id);
    expect(row).toMatchObject({ status: "DELIVERED", provider_id: sid });
    // Not delivered before it was sent, as the page would show it.
    expect(row.delivered_at?.getTime()).toBeGreaterThanOrEqual(row.sent_at?.getTime() ?? Number.POSITIVE_INFINITY);
  });

  it("early reports out of order (delivered, then sent) still leave the message DELIVERED", async () => {
    const q = await queued({ email: null });
    const sid = newSid();
    const early: SmsChannel = {
      ...sms,
      async send() {
        expect((await postStatus({ MessageSid: sid, MessageStatus: "delivered" })).status).toBe(204);
        expect((await postStatus({ MessageSid: sid, MessageStatus: "sent" })).status).toBe(204);
        return { status: "sent", providerId: sid };
      },
    };
    expect(await dispatchNotification(q.sms.id, deps({ sms: early }))).toMatchObject({ type: "sent" });
    expect(await notification(q.sms.id)).toMatchObject({ status: "DELIVERED" });
  });

  it("an early undelivered report still falls back and records why", async () => {
    const q = await queued({ emailLevel: "IMPORTANT" });
    expect(await dispatchNotification(q.email.id, deps())).toEqual({ type: "suppressed", reason: "PREFERENCES" });
    const sid = newSid();
    const early: SmsChannel = {
      ...sms,
      async send() {
        const response = await postStatus({ MessageSid: sid, MessageStatus: "undelivered", ErrorCode: "30005" });
        expect(response.status).toBe(204);
        return { status: "sent", providerId: sid };
      },
    };
    expect(await dispatchNotification(q.sms.id, deps({ sms: early }))).toMatchObject({ type: "sent" });
    const row = await notification(q.sms.id);
    expect(row).toMatchObject({ status: "UNDELIVERED", last_error: "Twilio reported undelivered (error 30005)" });
    expect(row.failed_at).toBeInstanceOf(Date);
    expect(await notification(q.email.id)).toMatchObject({ status: "QUEUED", fallback: true });
  });
});

describe("inbound SMS", () => {
  const inbound = (from: string, body: string) => fake.sendInbound(inboundUrl, { from, to: FROM_NUMBER, body });
  const optedOut = async (id: string) =>
    (await getDb().customer.findUniqueOrThrow({ where: { id } })).smsOptedOutAt instanceof Date;

  it("STOP opts out every customer with that number, START opts them back in", async () => {
    const a = await createNotifiedCustomer({ phone: "+4915199990001" });
    const b = await createNotifiedCustomer({ phone: "+4915199990001" });
    const other = await createNotifiedCustomer({ phone: "+4915199990002" });

    const stop = await inbound("+4915199990001", "Stop please");
    expect(stop.status).toBe(200);
    expect(stop.headers.get("content-type")).toContain("text/xml");
    expect(await stop.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    expect([await optedOut(a.id), await optedOut(b.id), await optedOut(other.id)]).toEqual([true, true, false]);

    const start = await inbound("+4915199990001", "START");
    expect(start.status).toBe(200);
    expect([await optedOut(a.id), await optedOut(b.id)]).toEqual([false, false]);
  });

  it("HELP is answered with the help text in the customer's language", async () => {
    await createNotifiedCustomer({ phone: "+4915199990003", locale: "de" });
    const help = await inbound("+4915199990003", "hilfe");
    expect(help.status).toBe(200);
    const twiml = await help.text();
    expect(twiml).toContain("<Response><Message>Auszahlungsstatus: Infos zu Ihren Auszahlungen.");
    expect(twiml).toContain(`Hilfe: ${appUrl}`);

    const unknown = await inbound("+15550000000", "HELP");
    expect(await unknown.text()).toContain("<Message>Payout Tracker: updates on your payouts.");
  });

  it("a forged inbound webhook is refused with 403 and opts nobody out", async () => {
    const customer = await createNotifiedCustomer({ phone: "+4915199990004" });
    const forged = await fetch(inboundUrl, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": twilioSignature("another-accounts-token-000000000", inboundUrl, {
          From: "+4915199990004",
          Body: "STOP",
        }),
      },
      body: new URLSearchParams({ From: "+4915199990004", Body: "STOP" }),
    });
    expect(forged.status).toBe(403);
    expect(await optedOut(customer.id)).toBe(false);
  });
});
