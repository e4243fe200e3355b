import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerError } from "smtp-server";

/**
 * An SMTP server that keeps every message it accepts, for integration tests, the e2e
 * server process and the benchmark. It speaks plain SMTP (no TLS), accepts any AUTH and
 * can be told to refuse messages or recipients the way a real relay does.
 */

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  /** angle brackets included, "" if the message had none */
  messageId: string;
  subject: string;
  /** the text/plain part as sent ("" if none: HTML is not converted, to keep parsing cheap) */
  text: string;
  /** "" if the message had no HTML part */
  html: string;
  /** lower-case names; the first occurrence of each, unfolded */
  headers: Record<string, string>;
  receivedAt: Date;
}

export interface SmtpFault {
  code: number;
  message?: string;
}

export interface WaitOptions {
  timeoutMs?: number;
}

export interface SmtpListener {
  port: number;
  /** `smtp://127.0.0.1:PORT`, usable as nodemailer's transport URL */
  url: string;
  /** set when `inspectPort` was given: `GET|DELETE ${inspectUrl}/messages` */
  inspectUrl: string | undefined;
  /** in arrival order; `clear()` empties this same array */
  readonly messages: ReceivedMail[];
  /** how long to hold every message before answering DATA (the message is kept even if the client hangs up meanwhile, as a relay that got the final dot may deliver it) */
  delayMs: number;
  waitFor(predicate: (mail: ReceivedMail) => boolean, options?: WaitOptions): Promise<ReceivedMail>;
  waitForCount(count: number, options?: WaitOptions): Promise<ReceivedMail[]>;
  /** refuse the next `count` messages at the DATA stage: 4xx is transient, 5xx permanent */
  failNext(count: number, fault: SmtpFault): void;
  /** refuse RCPT TO for this address (case-insensitive) until `resetFaults()` */
  rejectRecipient(address: string, code?: number): void;
  resetFaults(): void;
  clear(): void;
  close(): Promise<void>;
}

export interface SmtpListenerOptions {
  /** 0 (default) picks a free port */
  port?: number;
  host?: string;
  /** also serve the inbox over HTTP on this port (0 = random) for other processes */
  inspectPort?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;

export async function startSmtpListener(options: SmtpListenerOptions = {}): Promise<SmtpListener> {
  const host = options.host ?? "127.0.0.1";
  const messages: ReceivedMail[] = [];
  const subscribers = new Set<() => void>();
  const pendingFaults: SmtpFault[] = [];
  const rejectedRecipients = new Map<string, number>();
  let delayMs = 0;

  const record = (mail: ReceivedMail) => {
    messages.push(mail);
    for (const notify of [...subscribers]) {
      notify();
    }
  };

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    logger: false,
    // A reverse DNS lookup per connection would dominate the benchmark.
    disableReverseLookup: true,
    size: 50 * 1024 * 1024,
    maxClients: 200,
    // close() should not wait half a minute for pooled client connections.
    closeTimeout: 100,
    onAuth(_auth, _session, callback) {
      callback(null, { user: "test" });
    },
    onRcptTo(address, _session, callback) {
      const code = rejectedRecipients.get(address.address.toLowerCase());
      if (code === undefined) {
        callback();
        return;
      }
      callback(smtpError(code, `Recipient <${address.address}> rejected`));
    },
    onData(stream, session, callback) {
      const fault = pendingFaults.shift();
      if (fault) {
        drain(stream, () => callback(smtpError(fault.code, fault.message ?? "Message refused by test listener")));
        return;
      }
      const envelope = session.envelope;
      receive(stream, delayMs).then(
        (parsed) => {
          if (stream.sizeExceeded) {
            callback(smtpError(552, "Message exceeds fixed maximum message size"));
            return;
          }
          record({
            envelopeFrom: envelope.mailFrom ? envelope.mailFrom.address : "",
            envelopeTo: envelope.rcptTo.map((rcpt) => rcpt.address),
            messageId: parsed.messageId ?? "",
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            headers: flattenHeaders(parsed),
            receivedAt: new Date(),
          });
          callback();
        },
        (error: unknown) => {
          callback(smtpError(554, `Could not parse message: ${String(error)}`));
        },
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Client-side errors (a peer resetting the connection) must not crash the test process.
  server.on("error", () => {});
  const port = (server.server.address() as AddressInfo).port;

  const clear = () => {
    messages.length = 0;
  };

  let inspect: Server | undefined;
  let inspectUrl: string | undefined;
  if (options.inspectPort !== undefined) {
    inspect = await startInspectServer(options.inspectPort, host, messages, clear);
    inspectUrl = `http://${urlHost(host)}:${(inspect.address() as AddressInfo).port}`;
  }

  return {
    port,
    url: `smtp://${urlHost(host)}:${port}`,
    inspectUrl,
    messages,
    get delayMs() {
      return delayMs;
    },
    set delayMs(value: number) {
      delayMs = value;
    },
    waitFor(predicate, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
      return waitUntil(
        subscribers,
        timeoutMs,
        () => messages.find(predicate),
        () => {
          return `no mail matched within ${timeoutMs} ms; ${describeMails(messages)}`;
        },
      );
    },
    waitForCount(count, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
      return waitUntil(
        subscribers,
        timeoutMs,
        () => (messages.length >= count ? [...messages] : undefined),
        () => `expected ${count} mails within ${timeoutMs} ms; ${describeMails(messages)}`,
      );
    },
    failNext(count, fault) {
      for (let i = 0; i < count; i++) {
        pendingFaults.push(fault);
      }
    },
    rejectRecipient(address, code = 550) {
      rejectedRecipients.set(address.toLowerCase(), code);
    },
    resetFaults() {
      pendingFaults.length = 0;
      rejectedRecipients.clear();
      delayMs = 0;
    },
    clear,
    async close() {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inspect) {
        inspect.closeAllConnections();
        const server = inspect;
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await closing;
    },
  };
}

/** Reads the inbox of a listener started in another process with `inspectPort`. */
export async function readInbox(inspectUrl: string): Promise<ReceivedMail[]> {
  const response = await fetch(`${inspectUrl}/messages`);
  if (!response.ok) {
    throw new Error(`GET ${inspectUrl}/messages answered ${response.status}`);
  }
  const mails = (await response.json()) as (Omit<ReceivedMail, "receivedAt"> & { receivedAt: string })[];
  return mails.map((mail) => ({ ...mail, receivedAt: new Date(mail.receivedAt) }));
}

async function receive(stream: SMTPServerDataStream, delayMs: number): Promise<ParsedMail> {
  const parsed = await simpleParser(stream, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    keepCidLinks: true,
    checksumAlgo: false,
  });
  if (delayMs > 0) {
    await sleep(delayMs);
  }
  return parsed;
}

function drain(stream: SMTPServerDataStream, done: () => void) {
  stream.on("end", done);
  stream.resume();
}

function smtpError(code: number, message: string): SMTPServerError {
  const error: SMTPServerError = new Error(message);
  error.responseCode = code;
  return error;
}

function flattenHeaders(parsed: ParsedMail): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    if (key in headers) {
      continue;
    }
    const decoded = parsed.headers.get(key);
    headers[key] =
      typeof decoded === "string"
        ? decoded
        : line
            .slice(line.indexOf(":") + 1)
            .replace(/\r?\n[ \t]+/g, " ")
            .trim();
  }
  return headers;
}

function describeMails(mails: ReceivedMail[]): string {
  if (mails.length === 0) {
    return "none arrived";
  }
  const shown = mails.slice(-20).map((mail) => `to ${mail.envelopeTo.join(",")} "${mail.subject}"`);
  const skipped = mails.length > shown.length ? ` (last ${shown.length} shown)` : "";
  return `${mails.length} arrived${skipped}: ${shown.join("; ")}`;
}

function urlHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

function startInspectServer(port: number, host: string, messages: ReceivedMail[], clear: () => void): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://inspect");
    if (url.pathname !== "/messages") {
      response.writeHead(404).end();
      return;
    }
    if (request.method === "DELETE") {
      clear();
      response.writeHead(204).end();
      return;
    }
    if (request.method !== "GET") {
      response.writeHead(405, { allow: "GET, DELETE" }).end();
      return;
    }
    // ?to= narrows to one recipient, so parallel e2e tests need not download everyone's mail.
    const to = url.searchParams.get("to")?.toLowerCase();
    const selected = to
      ? messages.filter((mail) => mail.envelopeTo.some((rcpt) => rcpt.toLowerCase() === to))
      : messages;
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(selected));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
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
