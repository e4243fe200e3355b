import { describe, expect, it } from "vitest";
import {
  BACKFILL_COLUMNS,
  firstRecordWidth,
  MAX_BACKFILL_BYTES,
  MAX_BACKFILL_COLUMNS,
  MAX_BACKFILL_ROWS,
  parseBackfillCsv,
} from "./backfill-csv";

type Row = Partial<Record<(typeof BACKFILL_COLUMNS)[number], string>>;

const base: Row = {
  event_id: "evt_1",
  occurred_at: "2026-11-22T10:00:00Z",
  payout_external_id: "po_1",
  customer_external_id: "cus_1",
  customer_name: "Ada Lovelace",
  customer_email: "Ada@Example.com",
  customer_phone: "+49 151 12345678",
  customer_locale: "de",
  customer_timezone: "Europe/Berlin",
  amount_minor: "125000",
  currency: "EUR",
  method: "sepa",
  destination_label: "DE•• 1234",
  stage: "PROCESSING",
  reason_code: "",
  note: "",
};

function cellText(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csv(rows: Row[], columns: readonly string[] = BACKFILL_COLUMNS): string {
  const lines = rows.map((row) => columns.map((c) => cellText(row[c as keyof Row] ?? "")).join(","));
  return `${[columns.join(","), ...lines].join("\n")}\n`;
}

function parsedOk(text: string) {
  const result = parseBackfillCsv(text);
  if (!result.ok) {
    throw new Error(`expected ok, got: ${result.message}`);
  }
  return result;
}

describe("parseBackfillCsv", () => {
  it("maps a row to the ingest event (email lower-case, phone E.164, empty optional cells null)", () => {
    const result = parsedOk(csv([base]));
    expect(result).toMatchObject({ totalRows: 1, invalidRows: 0, errors: [] });
    expect(result.valid).toEqual([
      {
        row: 2,
        event: {
          id: "evt_1",
          type: "payout.updated",
          occurred_at: new Date("2026-11-22T10:00:00Z"),
          payout: {
            external_id: "po_1",
            customer: {
              external_id: "cus_1",
              name: "Ada Lovelace",
              email: "ada@example.com",
              phone: "+4915112345678",
              locale: "de",
              timezone: "Europe/Berlin",
            },
            amount_minor: 125000,
            currency: "EUR",
            method: "sepa",
            destination: { label: "DE•• 1234" },
            stage: "PROCESSING",
            reason_code: null,
            note: null,
          },
        },
      },
    ]);
  });

  it("accepts columns in any order and any case, a BOM, CRLF, quoted cells with commas and newlines", () => {
    const columns = [...BACKFILL_COLUMNS].reverse();
    const text = `\uFEFF${csv([{ ...base, note: 'Line one,\n"two"' }], columns)
      .replace(/^[^\n]*/, (h) => h.toUpperCase())
      .replaceAll("\n", "\r\n")}`;
    const result = parsedOk(text);
    expect(result.valid[0]?.event.payout.note).toBe('Line one,\r\n"two"');
  });

  it("counts rows as a spreadsheet does and skips blank rows without renumbering", () => {
    const text = csv([base, {}, { ...base, event_id: "evt_2", amount_minor: "12.50" }]);
    const result = parsedOk(text);
    expect(result.totalRows).toBe(2);
    expect(result.valid.map((v) => v.row)).toEqual([2]);
    expect(result.errors).toEqual([
      { row: 4, field: "amount_minor", message: "must be a whole number of minor units, e.g. 125000 for 1,250.00" },
    ]);
  });

  it("reports every problem of a row by CSV column name, with the schema's own messages", () => {
    const row: Row = {
      ...base,
      event_id: "evt 1",
      occurred_at: "yesterday",
      customer_phone: "12",
      customer_timezone: "Mars/Olympus",
      currency: "eur",
      method: "SEPA",
      destination_label: "",
      stage: "DONE",
      reason_code: "WHATEVER",
    };
    const result = parsedOk(csv([row]));
    expect(result.invalidRows).toBe(1);
    expect(result.valid).toEqual([]);
    const fields = result.errors.map((e) => e.field);
    expect(fields).toEqual([
      "event_id",
      "occurred_at",
      "customer_phone",
      "customer_timezone",
      "currency",
      "method",
      "destination_label",
      "stage",
      "reason_code",
    ]);
    expect(result.errors.every((e) => e.row === 2)).toBe(true);
    expect(result.errors.find((e) => e.field === "event_id")?.message).toBe(
      "only letters, digits and _ . : - are allowed",
    );
    expect(result.errors.find((e) => e.field === "destination_label")?.message).toBe("required");
    expect(result.errors.find((e) => e.field === "customer_timezone")?.message).toBe(
      "not an IANA time zone such as Europe/Berlin",
    );
  });

  it("says 'required' for an empty required cell and accepts an empty optional one", () => {
    const result = parsedOk(csv([{ ...base, customer_name: "", customer_email: "", customer_phone: "" }]));
    expect(result.errors).toEqual([{ row: 2, field: "customer_name", message: "required" }]);
  });

  it("flags a repeated event_id on the later row, naming the first", () => {
    const result = parsedOk(csv([base, { ...base, payout_external_id: "po_2" }, { ...base, event_id: "evt_3" }]));
    expect(result.valid.map((v) => v.row)).toEqual([2, 4]);
    expect(result.errors).toEqual([{ row: 3, field: "event_id", message: "evt_1 is already used by row 2." }]);
  });

  it("reports a row with the wrong number of cells", () => {
    const text = `${csv([base])}evt_9,2026-11-22T10:00:00Z\n`;
    expect(parsedOk(text).errors).toEqual([
      { row: 3, field: "(row)", message: "The row has 2 cells; the header has 16 columns." },
    ]);
  });

  it("refuses a header with missing, unknown or repeated columns", () => {
    const missing = BACKFILL_COLUMNS.filter((c) => c !== "note" && c !== "stage");
    expect(parseBackfillCsv(csv([base], missing))).toMatchObject({
      ok: false,
      message: expect.stringContaining("missing columns: stage, note"),
    });
    expect(parseBackfillCsv(csv([base], [...BACKFILL_COLUMNS, "colour"]))).toMatchObject({
      ok: false,
      message: expect.stringContaining('unknown column: "colour"'),
    });
    expect(parseBackfillCsv(csv([base], [...BACKFILL_COLUMNS, "note"]))).toMatchObject({
      ok: false,
      message: expect.stringContaining("repeated column: note"),
    });
  });

  // A 60,000-column header once took seconds (a quadratic repeated-column check, then
  // csv-parse on the wide row) while the web process could do nothing else; the default 5 s
  // test timeout would have caught it.
  it("refuses a header wider than 200 columns, naming the limit, before parsing the file", () => {
    const wide = Array.from({ length: 60_000 }, (_, i) => `c${i}`);
    for (const header of [wide, [...BACKFILL_COLUMNS, ...wide], Array(60_000).fill("note")]) {
      const text = `${header.join(",")}\n${"x,".repeat(header.length - 1)}x\n`;
      expect(parseBackfillCsv(text)).toEqual({
        ok: false,
        message: expect.stringMatching(
          /^The header row \(row 1\) has more than 200 columns; at most 200 are allowed\./,
        ),
      });
    }
    // 200 is allowed: the usual problems are named, the lists kept short.
    const extra = Array.from({ length: MAX_BACKFILL_COLUMNS - BACKFILL_COLUMNS.length }, (_, i) => `extra_${i}`);
    expect(parseBackfillCsv(csv([base], [...BACKFILL_COLUMNS, ...extra]))).toEqual({
      ok: false,
      message: expect.stringContaining(
        'unknown columns: "extra_0", "extra_1", "extra_2", "extra_3", "extra_4", "extra_5", "extra_6", "extra_7", "extra_8", "extra_9" and 174 more',
      ),
    });
  });

  it("counts the header's columns outside quotes, up to the first line break outside quotes", () => {
    expect(firstRecordWidth("a,b,c\nd,e,f,g,h", 10)).toBe(3);
    expect(firstRecordWidth('a,"b,\n""c""",d\r\ne', 10)).toBe(3);
    expect(firstRecordWidth("a,b,c,d,e,f", 3)).toBe(4);
    expect(firstRecordWidth("", 3)).toBe(1);
  });

  it("refuses an empty file, a header without rows, and broken quoting", () => {
    expect(parseBackfillCsv("")).toMatchObject({ ok: false, message: expect.stringContaining("The file is empty") });
    expect(parseBackfillCsv(csv([]))).toEqual({ ok: false, message: "The file has a header but no data rows." });
    expect(parseBackfillCsv(`${csv([base])}"evt_2,unclosed\n`)).toMatchObject({
      ok: false,
      message: expect.stringContaining("The file is not valid CSV: Quote Not Closed"),
    });
  });

  it("refuses a binary file", () => {
    expect(parseBackfillCsv(`${csv([base])}\u0000\u0001`)).toEqual({
      ok: false,
      message: "The file contains NUL characters: it is not a CSV text file.",
    });
  });

  it("refuses more than 50,000 data rows and more than 20 MiB", () => {
    const line = csv([base]).split("\n")[1];
    const header = BACKFILL_COLUMNS.join(",");
    const tooMany = `${header}\n${`${line}\n`.repeat(MAX_BACKFILL_ROWS + 1)}`;
    expect(parseBackfillCsv(tooMany)).toEqual({
      ok: false,
      message: "The file has 50,001 data rows; at most 50,000 are allowed. Split it into several files.",
    });
    const tooBig = `${header}\n${"x".repeat(MAX_BACKFILL_BYTES)}`;
    expect(parseBackfillCsv(tooBig)).toEqual({ ok: false, message: "The file is larger than 20 MiB." });
  });

  // Behaviour, not speed (timings are for `npm run bench`): the generous timeout only stops a hang.
  it("validates the maximum of 50,000 rows", { timeout: 60_000 }, () => {
    const rows = Array.from({ length: MAX_BACKFILL_ROWS }, (_, i) => ({
      ...base,
      event_id: `evt_${i}`,
      payout_external_id: `po_${i}`,
    }));
    const result = parsedOk(csv(rows));
    expect(result.valid).toHaveLength(MAX_BACKFILL_ROWS);
  });
});
