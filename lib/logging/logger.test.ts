import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, requestIdFrom, withRequestContext } from "./logger";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      raw.push(String(chunk));
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, raw, log: createLogger({ level: "debug", destination }) };
}

const EMAIL = "ada.lovelace@example.com";
const PHONE = "+4915112345678";
const TOKEN = "Zq3v9XkP0aLm2Rt7Yb4Nc1Wd";
const HMAC = "9f2c4e1b7a3d5f60c8e2b4a6d1f3e5c7a9b0d2f4e6c8a1b3d5f7e9c0a2b4d6f8";

describe("JSON logs", () => {
  it("writes one JSON object per line with level, time and message", () => {
    const { lines, raw, log } = capture();
    log.warn({ events: 3 }, "batch applied");
    log.debug("details");
    expect(raw.every((line) => line.endsWith("\n") && !line.slice(0, -1).includes("\n"))).toBe(true);
    expect(lines[0]).toMatchObject({ level: "warn", msg: "batch applied", events: 3 });
    expect(Number.isNaN(Date.parse(String(lines[0]?.time)))).toBe(false);
    expect(lines[1]).toMatchObject({ level: "debug", msg: "details" });
  });

  it("never writes a full email address, phone number or token, in messages or fields", () => {
    const { raw, log } = capture();
    log.info(`sending to ${EMAIL} and ${PHONE}`);
    log.info({ email: EMAIL, phone: PHONE, customer: { email: EMAIL, name: "Ada" } }, "customer upserted");
    log.error({ err: new Error(`SMTP 550 mailbox ${EMAIL} unavailable`) }, "send failed");
    log.info(`tracking link https://pt.example/t/${TOKEN} and survey /f/${TOKEN}?csat=5`);
    log.info({ authorization: `Bearer ${TOKEN}`, url: `/api/x?token=${TOKEN}` }, "request");
    log.info(`Payout-Signature: t=1700000000,v1=${HMAC}`);
    log.info(`smtp://mailer:${TOKEN}@mail.example.com:587`);
    log.info("free text %s", `reply from ${PHONE}`);
    const all = raw.join("");
    for (const secret of [EMAIL, PHONE, PHONE.slice(1), TOKEN, HMAC]) {
      expect(all).not.toContain(secret);
    }
    // still readable: the domain, the first letter, the ends of the number
    expect(all).toContain("a***@example.com");
    expect(all).toContain("/t/Zq3v…");
    expect(all).toContain("Ada");
  });

  it("puts the request id on every line logged while handling that request", async () => {
    const { lines, log } = capture();
    await withRequestContext({ requestId: "req-123" }, async () => {
      log.info("first");
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.child({ component: "ingest" }).info("second");
    });
    log.info("outside");
    expect(lines.map((line) => line.requestId)).toEqual(["req-123", "req-123", undefined]);
  });

  it("takes a sane X-Request-Id and makes one otherwise", () => {
    expect(requestIdFrom(new Headers({ "x-request-id": "abc-123" }))).toBe("abc-123");
    const made = requestIdFrom(new Headers({ "x-request-id": "<script>bad id</script>" }));
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(new Headers())).not.toBe(made);
  });
});
