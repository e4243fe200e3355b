import { redact } from "../notifications/redact";

/**
 * Keys whose values never reach a log line, whatever they hold: addresses, numbers and
 * every kind of secret (compared lower-case, without `_` and `-`).
 */
const SECRET_KEYS = new Set([
  "email",
  "phone",
  "to",
  "destination",
  "token",
  "sessiontoken",
  "authorization",
  "cookie",
  "setcookie",
  "secret",
  "password",
  "signature",
  "payoutsignature",
  "xtwiliosignature",
  "authtoken",
  "apikey",
]);

const TOKEN_PATTERNS: [RegExp, (match: string, ...groups: string[]) => string][] = [
  // tracking and survey links: /t/<token>, /f/<token> (the token is the key to the page)
  [/\/(t|f)\/([A-Za-z0-9_-]{8,})/g, (_m, kind, token) => `/${kind}/${token.slice(0, 4)}…`],
  // Authorization: Bearer …, and "Bearer …" anywhere
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, (_m, scheme) => `${scheme} [redacted]`],
  // token=…, code=…, secret=…, signature=… in URLs, forms and messages
  [
    /\b(token|code|secret|signature|password|sig|v1|key|api_key|apikey)=([^&\s,;"']{4,})/gi,
    (_m, name) => `${name}=[redacted]`,
  ],
  // credentials in URLs: scheme://user:password@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)([^:/@\s]+):([^@/\s]+)@/gi, (_m, scheme, user) => `${scheme}${user}:[redacted]@`],
  // long hex strings (HMACs, hashed tokens, API keys)
  [/\b[0-9a-f]{32,}\b/gi, (match) => `${match.slice(0, 4)}…`],
];

/** A line for the log: no full email address, phone number or token (lib/notifications/redact.ts + tokens). */
export function redactLogText(text: string): string {
  let out = text;
  for (const [pattern, replace] of TOKEN_PATTERNS) {
    out = out.replace(pattern, replace as (substring: string, ...args: unknown[]) => string);
  }
  return redact(out);
}

const normalizeKey = (key: string) => key.toLowerCase().replace(/[-_]/g, "");

/** Every string in a log record redacted, and the values of secret-bearing keys replaced; depth-limited. */
export function redactLogValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") {
    return redactLogText(value);
  }
  if (value === null || typeof value !== "object" || depth > 6) {
    return value;
  }
  if (value instanceof Error) {
    return {
      type: value.name,
      message: redactLogText(value.message),
      ...((value as { code?: unknown }).code === undefined ? {} : { code: (value as { code?: unknown }).code }),
      stack: value.stack ? redactLogText(value.stack) : undefined,
    };
  }
  if (Array.isArray(value)) {
    return value.map((item) => redactLogValue(item, depth + 1));
  }
  if (value instanceof Date) {
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      SECRET_KEYS.has(normalizeKey(key)) && item !== null && item !== undefined
        ? "[redacted]"
        : redactLogValue(item, depth + 1);
  }
  return out;
}
