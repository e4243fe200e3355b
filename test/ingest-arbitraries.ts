/**
 * fast-check generators for fuzzing the ingest API (lib/ingest/ingest-fuzz.int.test.ts):
 * valid events on a few payouts and customers, odd values, and mutations of valid events.
 */
import fc from "fast-check";
import { INGEST_METHODS, MAX_BODY_BYTES } from "../lib/ingest/schema";
import { REASON_CODES, STAGES } from "../lib/payouts/stages";

/** The server's clock in the fuzz tests. */
export const FUZZ_NOW = new Date("2026-11-22T10:01:00Z");

export type Json = fc.JsonValue;
type JsonObject = { [key: string]: Json };

const PAYOUTS = ["po_a", "po_b", "po_c", "po_d", "po_e", "po_f"];
const CUSTOMERS = ["cus_1", "cus_2", "cus_3"];
const CURRENCIES = ["EUR", "USD", "GBP", "JPY"];
const TIME_ZONES = ["Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata", "Pacific/Chatham"];
const HOUR = 3_600_000;

/** The customer, amount, currency and method a payout was first sent with (most events agree). */
function canonical(externalId: string) {
  const i = PAYOUTS.indexOf(externalId);
  return {
    customer: CUSTOMERS[i % CUSTOMERS.length] ?? "cus_1",
    amount_minor: 1000 * (i + 1),
    currency: CURRENCIES[i % CURRENCIES.length] ?? "EUR",
    method: INGEST_METHODS[i % INGEST_METHODS.length] ?? "sepa",
  };
}

const nonBlank = (max: number) =>
  fc.string({ unit: "grapheme", minLength: 1, maxLength: max }).filter((s) => s.trim().length > 0);

const ZVALID_CUSTOMER = (externalId: string) =>
  fc.record({
    external_id: fc.constant(externalId),
    name: fc.oneof(fc.constantFrom("Ada Lovelace", "Jürgen Groß", "李小龙", "Zoë O'Brien"), nonBlank(60)),
    email: fc.constantFrom("ada@example.com", "JURGEN@Example.DE", null, undefined),
    phone: fc.constantFrom("+4915112345678", "+49 151 12345678", "+14155552671", null, undefined),
    locale: fc.constantFrom("en", "de"),
    timezone: fc.constantFrom(...TIME_ZONES),
  });

/** Valid events on a few payouts and customers, so that moves, stale snapshots, replays and conflicts happen. */
export const validEvent = fc
  .record({
    id: fc.oneof(
      { weight: 9, arbitrary: fc.uuid().map((u) => `evt_${u}`) },
      { weight: 1, arbitrary: fc.constantFrom("evt_replay_1", "evt_replay_2") },
    ),
    // up to 4 minutes ahead: within the clock skew applyEvent allows
    occurredAtMs: fc.integer({ min: FUZZ_NOW.getTime() - 6 * HOUR, max: FUZZ_NOW.getTime() + 4 * 60_000 }),
    externalId: fc.constantFrom(...PAYOUTS),
    // 1 in 10 events disagrees with the payout's owner, amount, currency or method (a 409)
    disagree: fc.option(fc.constantFrom("customer", "amount_minor", "currency", "method"), { freq: 10, nil: null }),
    stage: fc.constantFrom(...STAGES),
    reason_code: fc.option(fc.constantFrom(...REASON_CODES), { nil: null }),
    note: fc.option(fc.string({ unit: "grapheme", maxLength: 80 }), { nil: null }),
    label: nonBlank(30),
  })
  .chain((e) => {
    const c = canonical(e.externalId);
    const customerId =
      e.disagree === "customer"
        ? (CUSTOMERS[(CUSTOMERS.indexOf(c.customer) + 1) % CUSTOMERS.length] ?? "")
        : c.customer;
    return ZVALID_CUSTOMER(customerId).map((customer) => ({
      id: e.id,
      type: "payout.updated",
      occurred_at: new Date(e.occurredAtMs).toISOString(),
      payout: {
        external_id: e.externalId,
        customer,
        amount_minor: e.disagree === "amount_minor" ? c.amount_minor + 1 : c.amount_minor,
        currency: e.disagree === "currency" ? "CHF" : c.currency,
        method: e.disagree === "method" ? (c.method === "swift" ? "ach" : "swift") : c.method,
        destination: { label: e.label },
        stage: e.stage,
        reason_code: e.reason_code,
        note: e.note,
      },
    }));
  });
export type TValidEvent = typeof validEvent extends fc.Arbitrary<infer T> ? T : never;

const BAD_DATES = [
  "2026-02-30T10:00:00Z",
  "2026-11-22T24:00:00Z",
  "0000-01-01T00:00:00Z",
  "0001-01-01T00:00:00-23:59",
  "1969-12-31T23:59:59.999Z",
  "9999-12-31T23:59:59Z",
  "+275760-09-13T00:00:00.000Z",
  "2026-11-22",
  "2026-11-22T10:00:00",
  "2026-11-22T10:00:00+23:59",
  "2026-11-22T10:00:00.123456789Z",
  "2026-11-22T10:00:00.000-00:00",
  "yesterday",
  "Invalid Date",
];

/** Text PostgreSQL or the query engine cannot store, or that reads oddly. */
const nastyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 120 }),
  fc.string({ unit: "binary-ascii", maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 120 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "x\udfffy",
    "\ufeff",
    "\u202eevil",
    "\u200b",
    "\u0001\u001b[31m",
    "NaN",
    "Infinity",
    "null",
    "x".repeat(5000),
    "ß".repeat(201),
    "😀".repeat(120),
    "processing",
    "SEPA",
    "eur",
    "XXX",
    "Mars/Base",
    "../../etc/passwd",
    "'; drop table payouts; --",
  ),
);

const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    -1,
    -0,
    0.5,
    1e21,
    -1e21,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    Number.MIN_VALUE,
    -Number.MAX_VALUE,
  ),
  fc.double(), // NaN and ±Infinity become null in JSON
  fc.integer(),
);

const nastyDate: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...BAD_DATES),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc
    .date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc
    .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -23, max: 23 }))
    .map(([y, h]) => `000${y}-01-01T00:00:00${h < 0 ? "-" : "+"}${String(Math.abs(h)).padStart(2, "0")}:00`),
);

/** Values of the wrong type, wrong shape, wrong size or odd text. */
const nasty: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  nastyText,
  nastyNumber,
  nastyDate,
  fc.constant("y".repeat(MAX_BODY_BYTES)), // a body above the limit: 413
);

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Paths to every key of every nested object (not the root). */
function keyPaths(value: Json, prefix: string[] = []): string[][] {
  if (!isObject(value)) {
    return [];
  }
  return Object.keys(value).flatMap((key) => {
    const child = value[key];
    return [[...prefix, key], ...(child === undefined ? [] : keyPaths(child, [...prefix, key]))];
  });
}

/** Paths to every object, the root included. */
function objectPaths(value: Json, prefix: string[] = []): string[][] {
  if (!isObject(value)) {
    return [];
  }
  return [prefix, ...Object.keys(value).flatMap((key) => objectPaths(value[key] ?? null, [...prefix, key]))];
}

function objectAt(root: JsonObject, path: string[]): JsonObject | null {
  let node: Json = root;
  for (const key of path) {
    if (!isObject(node)) {
      return null;
    }
    node = node[key] ?? null;
  }
  return isObject(node) ? node : null;
}

/** Sets an own, enumerable property (so that `__proto__` becomes a key, as JSON.parse makes it). */
function setOwn(target: JsonObject, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export type Mutation =
  | { kind: "drop" | "replace"; pick: number; value: Json }
  | { kind: "extra"; pick: number; key: string; value: Json };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom("drop" as const, "replace" as const), pick: fc.nat(), value: nasty }),
  fc.record({
    kind: fc.constant("extra" as const),
    pick: fc.nat(),
    key: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom("__proto__", "constructor", "prototype", "id")),
    value: nasty,
  }),
);

/** Paths of the event's free-text fields, where odd text is most likely to get through to the database. */
const TEXT_PATHS = [
  ["payout", "customer", "name"],
  ["payout", "customer", "email"],
  ["payout", "customer", "phone"],
  ["payout", "customer", "timezone"],
  ["payout", "destination", "label"],
  ["payout", "note"],
  ["payout", "currency"],
  ["id"],
  ["payout", "external_id"],
  ["payout", "customer", "external_id"],
];

/** A targeted edit: one field that is otherwise valid gets odd text, a bad date or an odd number. */
export const targeted = fc.oneof(
  fc.tuple(fc.constantFrom(...TEXT_PATHS), nastyText),
  fc.tuple(fc.constant(["occurred_at"]), nastyDate),
  fc.tuple(fc.constant(["payout", "amount_minor"]), nastyNumber),
);

export function mutate(event: TValidEvent, mutations: Mutation[], edit: [string[], Json] | null): Json {
  const root = JSON.parse(JSON.stringify(event)) as JsonObject;
  if (edit) {
    const [path, value] = edit;
    const parent = objectAt(root, path.slice(0, -1));
    if (parent) {
      setOwn(parent, path[path.length - 1] ?? "", value);
    }
  }
  for (const m of mutations) {
    if (m.kind === "extra") {
      const paths = objectPaths(root);
      const target = objectAt(root, paths[m.pick % paths.length] ?? []);
      if (target) {
        setOwn(target, m.key, m.value);
      }
      continue;
    }
    const paths = keyPaths(root);
    const path = paths[m.pick % paths.length];
    if (!path) {
      continue;
    }
    const parent = objectAt(root, path.slice(0, -1));
    const key = path[path.length - 1] ?? "";
    if (!parent) {
      continue;
    }
    if (m.kind === "drop") {
      delete parent[key];
    } else {
      setOwn(parent, key, m.value);
    }
  }
  return root;
}

/** Edits of the JSON text that no JSON value can express (or that JSON.stringify never writes). */
export const textEdit = fc.oneof(
  { weight: 4, arbitrary: fc.constant((text: string) => text) },
  fc
    .constantFrom("1e999", "-1e999", "-0", "1.0", "1E2", "NaN", "Infinity", "0x10", "01", "9007199254740993", "1e-999")
    .map((n) => (text: string) => text.replace(/"amount_minor":[^,}]*/, `"amount_minor":${n}`)),
  fc.nat().map((at) => (text: string) => text.slice(0, at % (text.length + 1))),
  fc.tuple(fc.nat(), fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 3 })).map(
    ([at, s]) =>
      (text: string) =>
        text.slice(0, at % text.length) + s + text.slice(at % text.length),
  ),
  fc.constant((text: string) => `\ufeff${text}`),
  fc.constant((text: string) => text.replace('"payout":{', '"payout":{"stage":"COMPLETED",')), // duplicate key
);
