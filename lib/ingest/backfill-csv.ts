import { CsvError, parse } from "csv-parse/sync";
import type { z } from "zod";
import { type TIngestEvent, ZIngestEvent } from "./schema";

/** The columns of a back-fill file, in the order of the template. */
export const BACKFILL_COLUMNS = [
  "event_id",
  "occurred_at",
  "payout_external_id",
  "customer_external_id",
  "customer_name",
  "customer_email",
  "customer_phone",
  "customer_locale",
  "customer_timezone",
  "amount_minor",
  "currency",
  "method",
  "destination_label",
  "stage",
  "reason_code",
  "note",
] as const;
export type BackfillColumn = (typeof BACKFILL_COLUMNS)[number];

/** Columns whose empty cell means null; an empty cell in any other column is an error. */
const OPTIONAL_COLUMNS: ReadonlySet<BackfillColumn> = new Set([
  "customer_email",
  "customer_phone",
  "reason_code",
  "note",
]);

export const MAX_BACKFILL_ROWS = 50_000;
export const MAX_BACKFILL_BYTES = 20 * 1024 * 1024;
/** Header columns at most: 16 are needed; a header far wider is not a back-fill file. */
export const MAX_BACKFILL_COLUMNS = 200;

/** The ingest event's field paths, as CSV column names (for row errors). */
const COLUMN_OF_PATH: Record<string, BackfillColumn> = {
  id: "event_id",
  occurred_at: "occurred_at",
  "payout.external_id": "payout_external_id",
  "payout.customer.external_id": "customer_external_id",
  "payout.customer.name": "customer_name",
  "payout.customer.email": "customer_email",
  "payout.customer.phone": "customer_phone",
  "payout.customer.locale": "customer_locale",
  "payout.customer.timezone": "customer_timezone",
  "payout.amount_minor": "amount_minor",
  "payout.currency": "currency",
  "payout.method": "method",
  "payout.destination": "destination_label",
  "payout.destination.label": "destination_label",
  "payout.stage": "stage",
  "payout.reason_code": "reason_code",
  "payout.note": "note",
};

export interface BackfillRowError {
  /** the row as a spreadsheet counts it: the header is row 1, the first data row is row 2 */
  row: number;
  /** the CSV column, or "(row)" for a problem of the whole row */
  field: string;
  message: string;
}

export interface BackfillRow {
  row: number;
  event: TIngestEvent;
}

export type BackfillCsvResult =
  | {
      ok: true;
      /** data rows, not counting blank ones */
      totalRows: number;
      /** valid rows in file order */
      valid: BackfillRow[];
      /** every problem found, in row order (a row may have several) */
      errors: BackfillRowError[];
      invalidRows: number;
    }
  | { ok: false; message: string };

/**
 * Reads a back-fill CSV (header row required) and validates every row with the ingest
 * API's own schema, so a row is accepted exactly when the API would accept it as JSON.
 * File-level problems (size, columns, too many rows, broken quoting) answer `ok: false`.
 */
export function parseBackfillCsv(csv: string): BackfillCsvResult {
  if (Buffer.byteLength(csv, "utf8") > MAX_BACKFILL_BYTES) {
    return { ok: false, message: `The file is larger than ${MAX_BACKFILL_BYTES / 1024 / 1024} MiB.` };
  }
  if (csv.includes("\u0000")) {
    // PostgreSQL text cannot store NUL; a CSV with one is a binary file (a spreadsheet saved as .xlsx?).
    return { ok: false, message: "The file contains NUL characters: it is not a CSV text file." };
  }
  const width = firstRecordWidth(csv, MAX_BACKFILL_COLUMNS);
  if (width > MAX_BACKFILL_COLUMNS) {
    // Refused before csv-parse reads it: parsing a very wide header alone takes seconds of CPU.
    return { ok: false, message: tooManyColumns(`more than ${MAX_BACKFILL_COLUMNS}`) };
  }
  let records: string[][];
  try {
    records = parse(csv, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: true });
  } catch (error) {
    if (error instanceof CsvError) {
      return { ok: false, message: `The file is not valid CSV: ${error.message}` };
    }
    throw error;
  }
  const [header, ...data] = records;
  if (!header || isBlank(header)) {
    return {
      ok: false,
      message: `The file is empty. The first row must name the columns: ${BACKFILL_COLUMNS.join(", ")}.`,
    };
  }
  const columns = readHeader(header);
  if (!columns.ok) {
    return columns;
  }
  const dataRows = data.filter((cells) => !isBlank(cells)).length;
  if (dataRows === 0) {
    return { ok: false, message: "The file has a header but no data rows." };
  }
  if (dataRows > MAX_BACKFILL_ROWS) {
    return {
      ok: false,
      message: `The file has ${dataRows.toLocaleString("en-GB")} data rows; at most ${MAX_BACKFILL_ROWS.toLocaleString("en-GB")} are allowed. Split it into several files.`,
    };
  }

  const valid: BackfillRow[] = [];
  const errors: BackfillRowError[] = [];
  const firstRowOfEventId = new Map<string, number>();
  let invalidRows = 0;
  data.forEach((cells, index) => {
    const row = index + 2; // the header is row 1
    if (isBlank(cells)) {
      return;
    }
    const rowErrors = validateRow(cells, columns.index, header.length, row);
    const eventId = cells[columns.index.event_id] ?? "";
    const firstRow = eventId ? firstRowOfEventId.get(eventId) : undefined;
    if (firstRow !== undefined) {
      rowErrors.errors.push({ row, field: "event_id", message: `${eventId} is already used by row ${firstRow}.` });
    } else if (eventId) {
      firstRowOfEventId.set(eventId, row);
    }
    if (rowErrors.errors.length > 0 || !rowErrors.event) {
      invalidRows += 1;
      errors.push(...rowErrors.errors);
    } else {
      valid.push({ row, event: rowErrors.event });
    }
  });
  return { ok: true, totalRows: dataRows, valid, errors, invalidRows };
}

function isBlank(cells: string[]): boolean {
  return cells.every((cell) => cell.trim() === "");
}

type HeaderResult = { ok: true; index: Record<BackfillColumn, number> } | { ok: false; message: string };

function readHeader(header: string[]): HeaderResult {
  if (header.length > MAX_BACKFILL_COLUMNS) {
    return { ok: false, message: tooManyColumns(header.length.toLocaleString("en-GB")) };
  }
  // One pass with a map (an indexOf per column made a wide header quadratic: 60,000 columns took seconds).
  const names = header.map((name) => name.trim().toLowerCase());
  const known = new Set<string>(BACKFILL_COLUMNS);
  const firstIndex = new Map<string, number>();
  const unknown: string[] = [];
  const repeated = new Set<string>();
  names.forEach((name, i) => {
    if (firstIndex.has(name)) {
      repeated.add(name);
      return;
    }
    firstIndex.set(name, i);
    if (!known.has(name)) {
      unknown.push(name);
    }
  });
  const missing = BACKFILL_COLUMNS.filter((column) => !firstIndex.has(column));
  const problems = [
    missing.length ? `missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}` : null,
    unknown.length ? `unknown column${unknown.length > 1 ? "s" : ""}: ${listed(unknown.map(quote))}` : null,
    repeated.size
      ? `repeated column${repeated.size > 1 ? "s" : ""}: ${listed([...repeated].map((name) => name.slice(0, 40)))}`
      : null,
  ].filter((p): p is string => p !== null);
  if (problems.length > 0) {
    return {
      ok: false,
      message: `The header row (row 1) does not match: ${problems.join("; ")}. Expected the columns ${BACKFILL_COLUMNS.join(", ")} (in any order).`,
    };
  }
  const index = Object.fromEntries(BACKFILL_COLUMNS.map((column) => [column, firstIndex.get(column) as number]));
  return { ok: true, index: index as Record<BackfillColumn, number> };
}

function tooManyColumns(count: string): string {
  return `The header row (row 1) has ${count} columns; at most ${MAX_BACKFILL_COLUMNS} are allowed. Expected the columns ${BACKFILL_COLUMNS.join(", ")} (in any order).`;
}

/**
 * The number of columns of the first record, counted up to `limit + 1` (then it stops):
 * commas outside quotes until the first line break outside quotes. A cheap look before
 * the real parse, which it does not replace.
 */
export function firstRecordWidth(csv: string, limit: number): number {
  let quoted = false;
  let columns = 1;
  for (let i = 0; i < csv.length; i++) {
    const c = csv.charCodeAt(i);
    if (c === 34) {
      quoted = !quoted; // an escaped quote ("") toggles twice
    } else if (!quoted) {
      if (c === 44) {
        columns += 1;
        if (columns > limit) {
          return columns;
        }
      } else if (c === 10 || c === 13) {
        return columns;
      }
    }
  }
  return columns;
}

/** The first ten names, and how many more: a message stays readable whatever the header holds. */
function listed(names: string[]): string {
  return names.length > 10 ? `${names.slice(0, 10).join(", ")} and ${names.length - 10} more` : names.join(", ");
}

function quote(name: string): string {
  return name === "" ? "(empty)" : `"${name.slice(0, 40)}"`;
}

function validateRow(
  cells: string[],
  index: Record<BackfillColumn, number>,
  width: number,
  row: number,
): { event: TIngestEvent | null; errors: BackfillRowError[] } {
  if (cells.length !== width) {
    const message = `The row has ${cells.length} cells; the header has ${width} columns.`;
    return { event: null, errors: [{ row, field: "(row)", message }] };
  }
  const cell = (column: BackfillColumn): string | null | undefined => {
    const value = cells[index[column]]?.trim() ?? "";
    if (value !== "") {
      return value;
    }
    return OPTIONAL_COLUMNS.has(column) ? null : undefined;
  };
  const amount = cell("amount_minor");
  const input = {
    id: cell("event_id"),
    type: "payout.updated",
    occurred_at: cell("occurred_at"),
    payout: {
      external_id: cell("payout_external_id"),
      customer: {
        external_id: cell("customer_external_id"),
        name: cell("customer_name"),
        email: cell("customer_email"),
        phone: cell("customer_phone"),
        locale: cell("customer_locale"),
        timezone: cell("customer_timezone"),
      },
      // Only a plain whole number is a number; anything else fails the schema's number rule.
      amount_minor: typeof amount === "string" && /^\d+$/.test(amount) ? Number(amount) : amount,
      currency: cell("currency"),
      method: cell("method"),
      destination: { label: cell("destination_label") },
      stage: cell("stage"),
      reason_code: cell("reason_code"),
      note: cell("note"),
    },
  };
  const parsed = ZIngestEvent.safeParse(input, {
    error: (issue) => (issue.input === undefined ? "required" : undefined),
  });
  if (parsed.success) {
    return { event: parsed.data, errors: [] };
  }
  // One message per column is enough (e.g. "eur" breaks two currency rules).
  const errors = parsed.error.issues.map((issue) => toRowError(issue, row));
  return { event: null, errors: errors.filter((e, i) => errors.findIndex((f) => f.field === e.field) === i) };
}

function toRowError(issue: z.core.$ZodIssue, row: number): BackfillRowError {
  const path = issue.path.map(String).join(".");
  const field = COLUMN_OF_PATH[path] ?? (path || "(row)");
  if (field === "amount_minor" && issue.code === "invalid_type") {
    return { row, field, message: "must be a whole number of minor units, e.g. 125000 for 1,250.00" };
  }
  return { row, field, message: issue.message };
}
