/**
 * A fake Twilio REST API (Messages resource only) on node:http, real-shaped enough for the
 * official SDK, plus signed status callbacks and inbound webhooks.
 *
 * Pointing the SDK at it: `client.api.baseUrl = fake.url` works (twilio 6.2). `client.api`
 * is created once and cached, every Messages call builds its URL from that Domain's
 * `baseUrl` (lib/base/Domain.js `absoluteUrl`), and axios talks plain http to it. The one
 * trap: BaseTwilio.request() rewrites the hostname when a region or edge is set (options,
 * TWILIO_REGION / TWILIO_EDGE): `localhost` becomes `localhost.ie1.localhost` (ENOTFOUND).
 * An IPv4 host such as the default `127.0.0.1` survives only because URL refuses the
 * mangled `127.ie1.0.1`. `twilioClientFor(fake)` clears region and edge.
 */
import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import twilio from "twilio";

export const FAKE_TWILIO_ACCOUNT_SID = `AC${"fa4e".repeat(8)}`;
export const FAKE_TWILIO_AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
const API_VERSION = "2010-04-01";
const E164 = /^\+[1-9]\d{6,14}$/;
const SENDER = /^(\+[1-9]\d{6,14}|\d{5,6}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11})$/;
const DEFAULT_TIMEOUT_MS = 5_000;

export type SmsStatus = "accepted" | "queued" | "sent" | "delivered" | "undelivered" | "failed";

export interface FakeSms {
  sid: string;
  accountSid: string;
  to: string;
  /** null when sent through a messaging service without From */
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  /** moves on (sent, delivered…) as the fake plays the carrier */
  status: SmsStatus;
  statusCallback: string | null;
  numSegments: number;
  errorCode: number | null;
  dateCreated: Date;
  dateSent: Date | null;
}

export interface TwilioFault {
  status: number;
  code?: number;
  message?: string;
}

export interface CallbackError {
  url: string;
  messageSid: string;
  status: SmsStatus;
  error: string;
}

export interface InboundSms {
  from: string;
  to: string;
  body: string;
}

export interface WaitOptions {
  timeoutMs?: number;
}

export interface FakeTwilio {
  /** `http://127.0.0.1:PORT`, the API domain base URL */
  url: string;
  accountSid: string;
  authToken: string;
  /** accepted messages in arrival order; `clear()` empties this same array */
  readonly messages: FakeSms[];
  readonly callbackErrors: CallbackError[];
  waitFor(predicate: (sms: FakeSms) => boolean, options?: WaitOptions): Promise<FakeSms>;
  waitForCount(count: number, options?: WaitOptions): Promise<FakeSms[]>;
  /** answer the next `count` sends (POST Messages.json) with this error */
  failNext(count: number, fault: TwilioFault): void;
  /** every send to this number answers 400 / 21610 until `optIn` or `resetFaults` */
  optOut(number: string): void;
  optIn(number: string): void;
  /** sends to this number end `undelivered` (after `sent`) or `failed`, with this ErrorCode */
  failDelivery(number: string, errorCode: number, status?: "undelivered" | "failed"): void;
  resetFaults(): void;
  /** an inbound message webhook signed with this fake's credentials */
  sendInbound(appUrl: string, message: InboundSms): Promise<Response>;
  clear(): void;
  close(): Promise<void>;
}

export interface FakeTwilioOptions {
  port?: number;
  host?: string;
  accountSid?: string;
  authToken?: string;
  /** wait before each status step (sent, then delivered); default 50 */
  callbackDelayMs?: number;
}

export async function startFakeTwilio(options: FakeTwilioOptions = {}): Promise<FakeTwilio> {
  const accountSid = options.accountSid ?? FAKE_TWILIO_ACCOUNT_SID;
  const authToken = options.authToken ?? FAKE_TWILIO_AUTH_TOKEN;
  const callbackDelayMs = options.callbackDelayMs ?? 50;
  const host = options.host ?? "127.0.0.1";
  const messages: FakeSms[] = [];
  const callbackErrors: CallbackError[] = [];
  const subscribers = new Set<() => void>();
  const pendingFaults: TwilioFault[] = [];
  const optedOut = new Set<string>();
  const deliveryFailures = new Map<string, { errorCode: number; status: "undelivered" | "failed" }>();
  const stop = new AbortController();

  const changed = () => {
    for (const notify of [...subscribers]) {
      notify();
    }
  };

  const postCallback = async (sms: FakeSms, url: string) => {
    const params: Record<string, string> = {
      SmsSid: sms.sid,
      SmsStatus: sms.status,
      MessageSid: sms.sid,
      MessageStatus: sms.status,
      AccountSid: sms.accountSid,
      To: sms.to,
      ApiVersion: API_VERSION,
    };
    if (sms.from) {
      params.From = sms.from;
    }
    if (sms.messagingServiceSid) {
      params.MessagingServiceSid = sms.messagingServiceSid;
    }
    if (sms.errorCode !== null) {
      params.ErrorCode = String(sms.errorCode);
    }
    try {
      const response = await postSigned(url, params, authToken, stop.signal);
      if (!response.ok) {
        callbackErrors.push({ url, messageSid: sms.sid, status: sms.status, error: `HTTP ${response.status}` });
      }
    } catch (error) {
      if (!stop.signal.aborted) {
        callbackErrors.push({ url, messageSid: sms.sid, status: sms.status, error: String(error) });
      }
    }
  };

  // Plays the carrier: status steps one after another, each posted before the next starts.
  const deliver = async (sms: FakeSms) => {
    const failure = deliveryFailures.get(sms.to);
    const steps: { status: SmsStatus; errorCode: number | null }[] =
      failure?.status === "failed"
        ? [{ status: "failed", errorCode: failure.errorCode }]
        : [
            { status: "sent", errorCode: null },
            failure
              ? { status: "undelivered", errorCode: failure.errorCode }
              : { status: "delivered", errorCode: null },
          ];
    for (const step of steps) {
      await sleep(callbackDelayMs, undefined, { signal: stop.signal });
      sms.status = step.status;
      sms.errorCode = step.errorCode;
      if (step.status === "sent") {
        sms.dateSent = new Date();
      }
      changed();
      if (sms.statusCallback) {
        await postCallback(sms, sms.statusCallback);
      }
    }
  };

  const create = (params: URLSearchParams, response: ServerResponse, base: string) => {
    const fault = pendingFaults.shift();
    if (fault) {
      sendError(response, fault.status, fault.code ?? defaultCode(fault.status), fault.message ?? "Injected failure");
      return;
    }
    const to = params.get("To");
    const from = params.get("From");
    const messagingServiceSid = params.get("MessagingServiceSid");
    const body = params.get("Body") ?? "";
    if (!to) {
      sendError(response, 400, 21604, "A 'To' phone number is required.");
      return;
    }
    if (!E164.test(to)) {
      sendError(response, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
      return;
    }
    if (!from && !messagingServiceSid) {
      sendError(response, 400, 21603, "A 'From' phone number is required.");
      return;
    }
    if (from && !SENDER.test(from)) {
      sendError(
        response,
        400,
        21212,
        `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`,
      );
      return;
    }
    if (!body) {
      sendError(response, 400, 21602, "Message body is required.");
      return;
    }
    if (body.length > 1600) {
      sendError(response, 400, 21617, "The concatenated message body exceeds the 1600 character limit.");
      return;
    }
    if (optedOut.has(to)) {
      sendError(response, 400, 21610, "Attempt to send to unsubscribed recipient");
      return;
    }
    const sms: FakeSms = {
      sid: `SM${randomBytes(16).toString("hex")}`,
      accountSid,
      to,
      from,
      messagingServiceSid,
      body,
      // Twilio answers "accepted" when it still has to pick a sender from the service.
      status: from ? "queued" : "accepted",
      statusCallback: params.get("StatusCallback"),
      numSegments: countSegments(body),
      errorCode: null,
      dateCreated: new Date(),
      dateSent: null,
    };
    messages.push(sms);
    changed();
    sendJson(response, 201, toResource(sms, base));
    deliver(sms).catch(() => {
      // aborted by close()
    });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendError(response, 500, 20500, `Fake Twilio failed: ${String(error)}`);
    });
  });

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://fake-twilio");
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages(?:\/([^/]+))?\.json$/.exec(url.pathname);
    if (!isAuthorized(request, accountSid, authToken)) {
      sendError(response, 401, 20003, "Authenticate", "Your AccountSid or AuthToken was incorrect.");
      return;
    }
    if (!match || match[1] !== accountSid) {
      sendError(response, 404, 20404, `The requested resource ${url.pathname} was not found`);
      return;
    }
    const base = `/${API_VERSION}/Accounts/${accountSid}`;
    const messageSid = match[2];
    if (messageSid !== undefined) {
      const sms = messages.find((candidate) => candidate.sid === messageSid);
      if (request.method !== "GET" || !sms) {
        sendError(response, 404, 20404, `The requested resource ${url.pathname} was not found`);
        return;
      }
      sendJson(response, 200, toResource(sms, base));
      return;
    }
    if (request.method === "POST") {
      create(new URLSearchParams(await readBody(request)), response, base);
      return;
    }
    if (request.method === "GET") {
      sendJson(response, 200, listPage(messages, url.searchParams, base));
      return;
    }
    sendError(response, 405, 20004, "Method not allowed");
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    accountSid,
    authToken,
    messages,
    callbackErrors,
    waitFor(predicate, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
      return waitUntil(
        subscribers,
        timeoutMs,
        () => messages.find(predicate),
        () => `no SMS matched within ${timeoutMs} ms; ${describeSms(messages)}`,
      );
    },
    waitForCount(count, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
      return waitUntil(
        subscribers,
        timeoutMs,
        () => (messages.length >= count ? [...messages] : undefined),
        () => `expected ${count} SMS within ${timeoutMs} ms; ${describeSms(messages)}`,
      );
    },
    failNext(count, fault) {
      for (let i = 0; i < count; i++) {
        pendingFaults.push(fault);
      }
    },
    optOut(number) {
      optedOut.add(number);
    },
    optIn(number) {
      optedOut.delete(number);
    },
    failDelivery(number, errorCode, status = "undelivered") {
      deliveryFailures.set(number, { errorCode, status });
    },
    resetFaults() {
      pendingFaults.length = 0;
      optedOut.clear();
      deliveryFailures.clear();
    },
    sendInbound(appUrl, message) {
      return sendInbound(appUrl, message, { accountSid, authToken });
    },
    clear() {
      messages.length = 0;
      callbackErrors.length = 0;
    },
    async close() {
      stop.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** An SDK client aimed at the fake (see the note at the top of this file). */
export function twilioClientFor(fake: Pick<FakeTwilio, "url" | "accountSid" | "authToken">): twilio.Twilio {
  const client = twilio(fake.accountSid, fake.authToken);
  client.region = undefined;
  client.edge = undefined;
  client.api.baseUrl = fake.url;
  return client;
}

/**
 * X-Twilio-Signature: base64 HMAC-SHA1 of the URL followed by every POST parameter's name
 * and value, sorted by name. Written here, not taken from the SDK, so that the app's use
 * of `twilio.validateRequest` is checked against an independent implementation.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

/** POSTs a signed inbound-message webhook, as Twilio does when someone texts your number. */
export function sendInbound(
  appUrl: string,
  message: InboundSms,
  credentials: { accountSid?: string; authToken?: string } = {},
): Promise<Response> {
  const sid = `SM${randomBytes(16).toString("hex")}`;
  const params: Record<string, string> = {
    MessageSid: sid,
    SmsMessageSid: sid,
    SmsSid: sid,
    SmsStatus: "received",
    AccountSid: credentials.accountSid ?? FAKE_TWILIO_ACCOUNT_SID,
    From: message.from,
    To: message.to,
    Body: message.body,
    NumMedia: "0",
    NumSegments: String(countSegments(message.body)),
    ApiVersion: API_VERSION,
  };
  return postSigned(appUrl, params, credentials.authToken ?? FAKE_TWILIO_AUTH_TOKEN);
}

function postSigned(
  url: string,
  params: Record<string, string>,
  authToken: string,
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "user-agent": "TwilioProxy/1.1",
      "x-twilio-signature": twilioSignature(authToken, url, params),
    },
    body: new URLSearchParams(params),
    signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(10_000)]) : AbortSignal.timeout(10_000),
  });
}

function isAuthorized(request: IncomingMessage, accountSid: string, authToken: string): boolean {
  const header = request.headers.authorization ?? "";
  if (!header.startsWith("Basic ")) {
    return false;
  }
  return Buffer.from(header.slice(6), "base64").toString("utf8") === `${accountSid}:${authToken}`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function sendJson(response: ServerResponse, status: number, payload: unknown) {
  if (response.headersSent) {
    return;
  }
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(payload));
}

function sendError(response: ServerResponse, status: number, code: number, message: string, detail?: string) {
  sendJson(response, status, {
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
    ...(detail ? { detail } : {}),
  });
}

function defaultCode(status: number): number {
  return status === 429 ? 20429 : status >= 500 ? 20500 : 21211;
}

function rfc2822(date: Date | null): string | null {
  return date ? date.toUTCString().replace("GMT", "+0000") : null;
}

function toResource(sms: FakeSms, base: string) {
  const uri = `${base}/Messages/${sms.sid}.json`;
  return {
    account_sid: sms.accountSid,
    api_version: API_VERSION,
    body: sms.body,
    date_created: rfc2822(sms.dateCreated),
    date_sent: rfc2822(sms.dateSent),
    date_updated: rfc2822(sms.dateSent ?? sms.dateCreated),
    direction: "outbound-api",
    error_code: sms.errorCode,
    error_message: null,
    from: sms.from,
    messaging_service_sid: sms.messagingServiceSid,
    num_media: "0",
    num_segments: String(sms.numSegments),
    price: null,
    price_unit: "USD",
    sid: sms.sid,
    status: sms.status,
    subresource_uris: {
      media: `${base}/Messages/${sms.sid}/Media.json`,
      feedback: `${base}/Messages/${sms.sid}/Feedback.json`,
    },
    to: sms.to,
    uri,
  };
}

// Filters as Twilio does: DateSent matches a UTC day, DateSent< and DateSent> are inclusive.
// Newest first, paged with Page / PageSize.
function listPage(messages: FakeSms[], query: URLSearchParams, base: string) {
  const to = query.get("To");
  const from = query.get("From");
  const on = query.get("DateSent");
  const before = query.get("DateSent<");
  const after = query.get("DateSent>");
  const dayStart = (value: string) => Date.parse(value.slice(0, 10));
  const isDay = (value: string) => value.length === 10;
  const selected = messages
    .filter((sms) => {
      const sent = (sms.dateSent ?? sms.dateCreated).getTime();
      return (
        (!to || sms.to === to) &&
        (!from || sms.from === from) &&
        (!on || (sent >= dayStart(on) && sent < dayStart(on) + 86_400_000)) &&
        (!before || sent <= (isDay(before) ? dayStart(before) + 86_399_999 : Date.parse(before))) &&
        (!after || sent >= Date.parse(after))
      );
    })
    .reverse();
  const pageSize = Math.min(Math.max(Number(query.get("PageSize") ?? 50) || 50, 1), 1000);
  const page = Math.max(Number(query.get("Page") ?? 0) || 0, 0);
  const pageUri = (n: number) => {
    const params = new URLSearchParams(query);
    params.delete("PageToken");
    params.set("PageSize", String(pageSize));
    params.set("Page", String(n));
    return `${base}/Messages.json?${params}`;
  };
  const start = page * pageSize;
  const items = selected.slice(start, start + pageSize);
  return {
    end: start + Math.max(items.length - 1, 0),
    first_page_uri: pageUri(0),
    messages: items.map((sms) => toResource(sms, base)),
    next_page_uri: start + pageSize < selected.length ? pageUri(page + 1) : null,
    page,
    page_size: pageSize,
    previous_page_uri: page > 0 ? pageUri(page - 1) : null,
    start,
    uri: pageUri(page),
  };
}

const GSM7 =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXTENDED = "^{}\\[~]|€\f";

function countSegments(body: string): number {
  let septets = 0;
  for (const char of body) {
    if (GSM7.includes(char)) {
      septets += 1;
    } else if (GSM7_EXTENDED.includes(char)) {
      septets += 2;
    } else {
      // UCS-2: 70 code units, 67 per part once concatenated
      return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
    }
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}

function describeSms(messages: FakeSms[]): string {
  if (messages.length === 0) {
    return "none arrived";
  }
  const shown = messages.slice(-20).map((sms) => `to ${sms.to} (${sms.status}) "${sms.body.slice(0, 60)}"`);
  const skipped = messages.length > shown.length ? ` (last ${shown.length} shown)` : "";
  return `${messages.length} arrived${skipped}: ${shown.join("; ")}`;
}

function waitUntil<T>(
  subscribers: Set<() => void>,
  timeoutMs: number,
  probe: () => T | undefined,
  describeFailure: () => string,
): Promise<T> {
  const found = probe();
  if (found !== undefined) {
    return Promise.resolve(found);
  }
  return new Promise((resolve, reject) => {
    const check = () => {
      const value = probe();
      if (value !== undefined) {
        finish();
        resolve(value);
      }
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(describeFailure()));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      subscribers.delete(check);
    };
    subscribers.add(check);
  });
}
