import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nodemailer from "nodemailer";
import twilio from "twilio";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeTwilio, startFakeTwilio, twilioClientFor, twilioSignature } from "./fake-twilio";
import { readInbox, type SmtpListener, startSmtpListener } from "./smtp-listener";

describe("SMTP listener", () => {
  let listener: SmtpListener;
  beforeAll(async () => {
    listener = await startSmtpListener({ inspectPort: 0 });
  });
  afterEach(() => {
    listener.clear();
    listener.resetFaults();
  });
  afterAll(async () => {
    await listener.close();
  });

  it("receives and parses a mail sent by nodemailer", async () => {
    const transport = nodemailer.createTransport(listener.url);
    await transport.sendMail({
      from: "Payouts <noreply@example.test>",
      to: "ada@example.test",
      subject: "Your payout was sent",
      text: "Plain body",
      html: "<p>HTML body</p>",
      headers: { "List-Unsubscribe": "<https://app.example.test/unsubscribe?t=abc>" },
    });

    const mail = await listener.waitFor((m) => m.envelopeTo.includes("ada@example.test"), { timeoutMs: 2_000 });
    expect(mail).toMatchObject({
      envelopeFrom: "noreply@example.test",
      envelopeTo: ["ada@example.test"],
      subject: "Your payout was sent",
      text: "Plain body",
      html: "<p>HTML body</p>",
    });
    expect(mail.messageId).toMatch(/^<.+@.+>$/);
    expect(mail.headers["list-unsubscribe"]).toBe("<https://app.example.test/unsubscribe?t=abc>");
    expect(mail.receivedAt).toBeInstanceOf(Date);

    const inbox = await readInbox(listener.inspectUrl ?? "");
    expect(inbox).toHaveLength(1);
    expect(inbox[0]?.subject).toBe("Your payout was sent");
    expect(inbox[0]?.receivedAt.getTime()).toBe(mail.receivedAt.getTime());
    await fetch(`${listener.inspectUrl}/messages`, { method: "DELETE" });
    expect(listener.messages).toHaveLength(0);
  });

  it("injects transient and permanent refusals", async () => {
    const transport = nodemailer.createTransport(listener.url);
    const mail = { from: "noreply@example.test", to: "bob@example.test", subject: "Hi", text: "x" };

    listener.failNext(1, { code: 451, message: "Try again later" });
    await expect(transport.sendMail(mail)).rejects.toMatchObject({ responseCode: 451 });
    await transport.sendMail(mail);
    expect(await listener.waitForCount(1)).toHaveLength(1);

    listener.rejectRecipient("Gone@example.test", 550);
    await expect(transport.sendMail({ ...mail, to: "gone@example.test" })).rejects.toMatchObject({
      responseCode: 550,
    });
  });

  it("times out with a list of what did arrive", async () => {
    await nodemailer.createTransport(listener.url).sendMail({
      from: "a@example.test",
      to: "c@example.test",
      subject: "Something else",
      text: "x",
    });
    await listener.waitForCount(1);
    await expect(listener.waitFor((m) => m.subject === "Never", { timeoutMs: 50 })).rejects.toThrow(
      /1 arrived: to c@example\.test "Something else"/,
    );
  });
});

describe("fake Twilio", () => {
  let fake: FakeTwilio;
  let client: twilio.Twilio;
  beforeAll(async () => {
    fake = await startFakeTwilio({ callbackDelayMs: 10 });
    client = twilio(fake.accountSid, fake.authToken);
    client.api.baseUrl = fake.url;
  });
  afterEach(() => {
    fake.clear();
    fake.resetFaults();
  });
  afterAll(async () => {
    await fake.close();
  });

  it("accepts an SMS from the SDK and lists it", async () => {
    const sent = await client.messages.create({ to: "+4915112345678", from: "+15005550006", body: "Payout sent" });
    expect(sent.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(sent.status).toBe("queued");
    expect(sent.numSegments).toBe("1");
    expect(sent.dateCreated).toBeInstanceOf(Date);
    await client.messages.create({ to: "+4915199999999", from: "+15005550006", body: "Other" });

    const listed = await client.messages.list({ to: "+4915112345678" });
    expect(listed.map((m) => m.sid)).toEqual([sent.sid]);
    const fetched = await client.messages(sent.sid).fetch();
    expect(fetched.body).toBe("Payout sent");
    expect(fake.messages.map((m) => m.to)).toEqual(["+4915112345678", "+4915199999999"]);
  });

  it("pages a long list", async () => {
    for (let i = 0; i < 5; i++) {
      await client.messages.create({ to: "+4915100000001", from: "+15005550006", body: `n${i}` });
    }
    const listed = await client.messages.list({ to: "+4915100000001", pageSize: 2 });
    expect(listed.map((m) => m.body)).toEqual(["n4", "n3", "n2", "n1", "n0"]);
  });

  it("answers Twilio's errors", async () => {
    fake.optOut("+4915100000002");
    await expect(
      client.messages.create({ to: "+4915100000002", from: "+15005550006", body: "x" }),
    ).rejects.toMatchObject({ status: 400, code: 21610 });

    await expect(client.messages.create({ to: "0151 2345", from: "+15005550006", body: "x" })).rejects.toMatchObject({
      status: 400,
      code: 21211,
    });

    fake.failNext(1, { status: 503 });
    const error = await client.messages
      .create({ to: "+4915100000003", from: "+15005550006", body: "x" })
      .catch((e) => e);
    expect(error).toBeInstanceOf(twilio.RestException);
    expect(error).toMatchObject({ status: 503, code: 20500 });

    const intruder = twilioClientFor({ ...fake, authToken: "wrong-token" });
    await expect(
      intruder.messages.create({ to: "+4915100000003", from: "+15005550006", body: "x" }),
    ).rejects.toMatchObject({ status: 401, code: 20003 });
    expect(fake.messages).toHaveLength(0);
  });

  it("posts signed status callbacks the SDK validates", async () => {
    const received: { status: string; valid: boolean; params: Record<string, string> }[] = [];
    const app: Server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString("utf8");
      });
      request.on("end", () => {
        const params = Object.fromEntries(new URLSearchParams(body));
        const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}${request.url}`;
        const signature = String(request.headers["x-twilio-signature"]);
        received.push({
          status: params.MessageStatus ?? "",
          valid: twilio.validateRequest(fake.authToken, signature, url, params),
          params,
        });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const callbackUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/twilio/status?n=1`;
    try {
      fake.failDelivery("+4915100000005", 30006);
      const ok = await client.messages.create({
        to: "+4915100000004",
        from: "+15005550006",
        body: "x",
        statusCallback: callbackUrl,
      });
      await client.messages.create({
        to: "+4915100000005",
        from: "+15005550006",
        body: "x",
        statusCallback: callbackUrl,
      });
      await fake.waitFor((m) => m.sid === ok.sid && m.status === "delivered");
      await fake.waitFor((m) => m.status === "undelivered");
      await expect.poll(() => received.length).toBe(4);

      expect(received.every((r) => r.valid)).toBe(true);
      expect(received.filter((r) => r.params.MessageSid === ok.sid).map((r) => r.status)).toEqual([
        "sent",
        "delivered",
      ]);
      const failed = received.find((r) => r.status === "undelivered");
      expect(failed?.params).toMatchObject({ To: "+4915100000005", ErrorCode: "30006", AccountSid: fake.accountSid });
      expect(fake.callbackErrors).toEqual([]);

      const inbound = await fake.sendInbound(callbackUrl, { from: "+4915100000004", to: "+15005550006", body: "STOP" });
      expect(inbound.status).toBe(204);
      expect(received[4]).toMatchObject({ valid: true, params: { Body: "STOP", NumMedia: "0" } });
      expect(twilioSignature("token", "https://x.test/a", { b: "2", a: "1" })).toBe(
        createHmacBase64("token", "https://x.test/aa1b2"),
      );
    } finally {
      await new Promise((resolve) => app.close(resolve));
    }
  });

  it("records callbacks to a target that is down instead of crashing", async () => {
    await client.messages.create({
      to: "+4915100000006",
      from: "+15005550006",
      body: "x",
      statusCallback: "http://127.0.0.1:9/unreachable",
    });
    await expect.poll(() => fake.callbackErrors.length).toBe(2);
    expect(fake.messages[0]?.status).toBe("delivered");
  });
});

function createHmacBase64(key: string, data: string) {
  return createHmac("sha1", key).update(data).digest("base64");
}
