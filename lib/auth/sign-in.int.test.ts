import { beforeEach, describe, expect, it } from "vitest";
import { createNotifiedCustomer, testSql } from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import type { SendResult } from "../notifications/channels/types";
import { customerForIdentity, staffForIdentity } from "./identity";
import { requestEmailLink, requestSmsCode, SIGN_IN_LIMITS, type SignInDeps, verifySmsCode } from "./sign-in";

const SECRET = "sign-in-test-secret-0123456789";
const T0 = new Date("2026-11-24T10:00:00Z");

beforeEach(resetDatabase);

/** Dependencies with a settable clock and SMS/email channels that keep what they were given. */
function harness(options: { smsTransport?: string } = {}) {
  const sms: { to: string; body: string }[] = [];
  let now = T0;
  const ok = (id: string): SendResult => ({ status: "sent", providerId: id });
  const deps: SignInDeps = {
    db: getDb(),
    sql: testSql(),
    secret: SECRET,
    now: () => now,
    channels: {
      email: { kind: "email", transport: "outbox", send: async (m) => ok(m.messageId), close() {} },
      sms: {
        kind: "sms",
        transport: options.smsTransport ?? "outbox",
        send: async (m) => {
          sms.push(m);
          return ok(`SM${"0".repeat(32)}`);
        },
        findSent: async () => null,
      },
    },
  };
  return {
    deps,
    sms,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    lastCode(): string {
      const code = sms.at(-1)?.body.match(/\b(\d{6})\b/)?.[1];
      if (!code) {
        throw new Error("no code sent");
      }
      return code;
    },
  };
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("SMS sign-in codes", () => {
  it("a known number gets a 6-digit code in the customer's language, stored only as a hash; the code signs in once", async () => {
    const customer = await createNotifiedCustomer({ locale: "de" });
    const h = harness();
    expect(await requestSmsCode(h.deps, { phone: customer.phone ?? "", ip: "1.2.3.4", locale: "en" })).toEqual({
      ok: true,
      phone: customer.phone,
    });
    expect(h.sms).toHaveLength(1);
    expect(h.sms[0]?.body).toMatch(/^\d{6} ist Ihr Anmeldecode für Payout Tracker/);
    const code = h.lastCode();
    const row = await getDb().signInCode.findFirstOrThrow({ where: { phone: customer.phone ?? "" } });
    expect(row.codeHash).not.toContain(code);
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);

    const signedIn = await verifySmsCode(h.deps, { phone: customer.phone ?? "", code, ip: "1.2.3.4" });
    expect(signedIn).toMatchObject({ ok: true });
    const session = await getDb().session.findUniqueOrThrow({
      where: { sessionToken: signedIn.ok ? signedIn.token : "" },
      include: { user: true },
    });
    expect(session.user.phone).toBe(customer.phone);
    expect(await customerForIdentity(getDb(), { email: null, phone: session.user.phone })).toMatchObject({
      id: customer.id,
    });
    // used once: the same code again is wrong
    expect(await verifySmsCode(h.deps, { phone: customer.phone ?? "", code, ip: "1.2.3.4" })).toMatchObject({
      ok: false,
      error: "wrongCode",
    });
  });

  it("a national number is read as E.164; nonsense is refused with a clear error", async () => {
    const customer = await createNotifiedCustomer({ phone: "+4915123456789" });
    const h = harness();
    expect(await requestSmsCode(h.deps, { phone: "0151 2345 6789", ip: "ip", locale: "en" })).toEqual({
      ok: true,
      phone: customer.phone,
    });
    expect(await requestSmsCode(h.deps, { phone: "12", ip: "ip", locale: "en" })).toEqual({
      ok: false,
      error: "invalidPhone",
    });
    expect(await verifySmsCode(h.deps, { phone: customer.phone ?? "", code: "12a", ip: "ip" })).toEqual({
      ok: false,
      error: "invalidCode",
    });
  });

  it("an unknown number gets the same answer and no SMS", async () => {
    const h = harness();
    expect(await requestSmsCode(h.deps, { phone: "+4915199900999", ip: "ip", locale: "en" })).toEqual({
      ok: true,
      phone: "+4915199900999",
    });
    expect(h.sms).toHaveLength(0);
    expect(await getDb().signInCode.count()).toBe(0);
  });

  it("a code expires after 10 minutes", async () => {
    const customer = await createNotifiedCustomer();
    const h = harness();
    await requestSmsCode(h.deps, { phone: customer.phone ?? "", ip: "ip", locale: "en" });
    h.advance(SIGN_IN_LIMITS.codeTtlMs + 1000);
    expect(await verifySmsCode(h.deps, { phone: customer.phone ?? "", code: h.lastCode(), ip: "ip" })).toMatchObject({
      ok: false,
      error: "wrongCode",
    });
  });

  it("a burst of guesses at once is checked one after the other: 5 wrong ones lock the number", async () => {
    const customer = await createNotifiedCustomer();
    const phone = customer.phone ?? "";
    const h = harness();
    await requestSmsCode(h.deps, { phone, ip: "ip", locale: "en" });
    const code = h.lastCode();
    // 30 wrong guesses in parallel from many addresses (the per-IP limit out of the way).
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        verifySmsCode({ ...h.deps, ipLimit: 1000 }, { phone, code: wrong(code), ip: `10.0.0.${i}` }),
      ),
    );
    expect(answers.filter((a) => !a.ok && a.error === "wrongCode")).toHaveLength(4);
    expect(answers.filter((a) => !a.ok && a.error === "locked")).toHaveLength(26);
    expect(await getDb().signInFailure.count({ where: { phone } })).toBe(5);
    expect(await verifySmsCode(h.deps, { phone, code, ip: "ip" })).toMatchObject({ ok: false, error: "locked" });
  });

  it("5 wrong codes lock the number for 15 minutes, even against the right code; then it works again", async () => {
    const customer = await createNotifiedCustomer();
    const phone = customer.phone ?? "";
    const h = harness();
    await requestSmsCode(h.deps, { phone, ip: "ip", locale: "en" });
    const code = h.lastCode();
    for (let i = 1; i <= 4; i++) {
      expect(await verifySmsCode(h.deps, { phone, code: wrong(code), ip: "ip" })).toEqual({
        ok: false,
        error: "wrongCode",
        triesLeft: 5 - i,
      });
    }
    expect(await verifySmsCode(h.deps, { phone, code: wrong(code), ip: "ip" })).toEqual({
      ok: false,
      error: "locked",
      retryAfterSeconds: 900,
    });
    h.advance(60_000);
    expect(await verifySmsCode(h.deps, { phone, code, ip: "ip" })).toEqual({
      ok: false,
      error: "locked",
      retryAfterSeconds: 840,
    });
    expect(await requestSmsCode(h.deps, { phone, ip: "ip", locale: "en" })).toMatchObject({ error: "locked" });
    h.advance(14 * 60_000);
    // unlocked; the first code has expired meanwhile, a new one works
    expect(await requestSmsCode(h.deps, { phone, ip: "ip", locale: "en" })).toMatchObject({ ok: true });
    expect(await verifySmsCode(h.deps, { phone, code: h.lastCode(), ip: "ip" })).toMatchObject({ ok: true });
  });

  it("unknown numbers lock alike, so the lock tells nothing", async () => {
    const customer = await createNotifiedCustomer();
    const known = customer.phone ?? "";
    const unknown = "+4915199900888";
    const h = harness();
    // The same steps for a customer's number and for a number nobody has: the same answers.
    const steps = async (phone: string) => {
      const answers: object[] = [await requestSmsCode(h.deps, { phone, ip: "ip", locale: "en" })];
      const guess = wrong(h.lastCode()); // wrong for the customer's code, and there is none for the other number
      for (let i = 0; i < 5; i++) {
        answers.push(await verifySmsCode(h.deps, { phone, code: guess, ip: "ip" }));
      }
      answers.push(await requestSmsCode(h.deps, { phone, ip: "ip", locale: "en" }));
      return answers.map((answer) => ("phone" in answer ? { ...answer, phone: "<number>" } : answer));
    };
    const forKnown = await steps(known);
    const forUnknown = await steps(unknown);
    expect(forUnknown).toEqual(forKnown);
    expect(forUnknown).toEqual([
      { ok: true, phone: "<number>" },
      ...[4, 3, 2, 1].map((triesLeft) => ({ ok: false, error: "wrongCode", triesLeft })),
      { ok: false, error: "locked", retryAfterSeconds: 900 },
      { ok: false, error: "locked", retryAfterSeconds: 900 },
    ]);
    // Only the customer's number got a code.
    expect(h.sms.map((m) => m.to)).toEqual([known]);
  });

  it("sign-in requests are limited per number and per IP, and SMS per number per day", async () => {
    const customer = await createNotifiedCustomer();
    const phone = customer.phone ?? "";
    const h = harness();
    for (let i = 0; i < 5; i++) {
      expect(await requestSmsCode(h.deps, { phone, ip: `ip-${i}`, locale: "en" })).toMatchObject({ ok: true });
    }
    expect(await requestSmsCode(h.deps, { phone, ip: "ip-x", locale: "en" })).toMatchObject({
      ok: false,
      error: "tooMany",
    });
    expect(h.sms).toHaveLength(5);

    const perIp = { ...h.deps, ipLimit: 3 };
    for (let i = 0; i < 3; i++) {
      await requestSmsCode(perIp, { phone: `+491519990010${i}`, ip: "9.9.9.9", locale: "en" });
    }
    expect(await requestSmsCode(perIp, { phone: "+4915199900555", ip: "9.9.9.9", locale: "en" })).toMatchObject({
      error: "tooMany",
    });

    // 10 a day: two more 15-minute windows of 5 use up the day.
    h.advance(15 * 60_000);
    for (let i = 0; i < 5; i++) {
      await requestSmsCode(h.deps, { phone, ip: `ip-${i}`, locale: "en" });
    }
    h.advance(15 * 60_000);
    expect(await requestSmsCode(h.deps, { phone, ip: "ip", locale: "en" })).toEqual({
      ok: false,
      error: "smsDailyLimit",
    });
    expect(h.sms).toHaveLength(10);
  });

  it("a code sent for real is withheld from the stored copy; the dev outbox keeps it", async () => {
    const customer = await createNotifiedCustomer();
    const real = harness({ smsTransport: "twilio" });
    await requestSmsCode(real.deps, { phone: customer.phone ?? "", ip: "ip", locale: "en" });
    const stored = await getDb().accessMessage.findFirstOrThrow();
    expect(stored.bodyText).not.toContain(real.lastCode());
    expect(stored.bodyText).toContain("[withheld]");
  });
});

describe("email sign-in links", () => {
  it("only a known customer's address gets a link; the answer is the same for any address", async () => {
    const customer = await createNotifiedCustomer();
    const h = harness();
    const sent: string[] = [];
    const send = async (email: string) => {
      sent.push(email);
    };
    const known = await requestEmailLink(
      h.deps,
      { email: ` ${customer.email?.toUpperCase()} `, audience: "customer", ip: "ip" },
      send,
    );
    const unknown = await requestEmailLink(
      h.deps,
      { email: "nobody@example.com", audience: "customer", ip: "ip" },
      send,
    );
    expect(known).toEqual({ ok: true, email: customer.email });
    expect(unknown).toEqual({ ok: true, email: "nobody@example.com" });
    expect(sent).toEqual([customer.email]);
    expect(await requestEmailLink(h.deps, { email: "not-an-address", audience: "customer", ip: "ip" }, send)).toEqual({
      ok: false,
      error: "invalidEmail",
    });
  });

  it("the staff sign-in sends links to active staff accounts only, never to customers", async () => {
    const customer = await createNotifiedCustomer();
    await getDb().staffUser.createMany({
      data: [
        { email: "agent@example.com", name: "Agent", role: "SUPPORT" },
        { email: "gone@example.com", name: "Gone", role: "ADMIN", disabledAt: T0 },
      ],
    });
    const h = harness();
    const sent: string[] = [];
    for (const email of [customer.email ?? "", "agent@example.com", "gone@example.com"]) {
      await requestEmailLink(h.deps, { email, audience: "staff", ip: "ip" }, async (e) => {
        sent.push(e);
      });
    }
    expect(sent).toEqual(["agent@example.com"]);
    expect(await staffForIdentity(getDb(), { email: "gone@example.com", phone: null })).toBeNull();
  });

  it("5 link requests per address in 15 minutes, then a clear refusal with the wait", async () => {
    const customer = await createNotifiedCustomer();
    const h = harness();
    const send = async () => {};
    for (let i = 0; i < 5; i++) {
      await requestEmailLink(h.deps, { email: customer.email ?? "", audience: "customer", ip: `ip${i}` }, send);
    }
    const refused = await requestEmailLink(
      h.deps,
      { email: customer.email ?? "", audience: "customer", ip: "ipz" },
      send,
    );
    expect(refused).toMatchObject({ ok: false, error: "tooMany" });
    expect(refused.ok === false && "retryAfterSeconds" in refused && refused.retryAfterSeconds).toBeGreaterThan(0);
  });
});
