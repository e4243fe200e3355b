import type pg from "pg";
import type { Tx } from "./client";

/**
 * Hand-written SQL with $1… parameters, on either a Prisma transaction or a plain pg
 * connection: the one door (applyEvent) runs inside both.
 */
export interface Sql {
  /** a statement that returns rows */
  rows<T>(text: string, values?: unknown[]): Promise<T[]>;
  /** a statement whose result is not needed */
  run(text: string, values?: unknown[]): Promise<void>;
}

export function prismaSql(tx: Tx): Sql {
  return {
    rows: <T>(text: string, values: unknown[] = []) => tx.$queryRawUnsafe<T[]>(text, ...values),
    run: async (text, values = []) => {
      await tx.$executeRawUnsafe(text, ...values);
    },
  };
}

function pgSql(client: pg.PoolClient): Sql {
  return {
    rows: async <T>(text: string, values: unknown[] = []) => (await client.query(text, values)).rows as T[],
    run: async (text, values = []) => {
      await client.query(text, values);
    },
  };
}

/** Runs `work` in a transaction on a connection of `pool`: committed if it returns, rolled back if it throws. */
export async function withPgTransaction<T>(pool: pg.Pool, work: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  // A checked-out client has no listener of the pool's: without ours, a socket dying
  // mid-transaction (database restart, terminated session) would be an uncaught error.
  const onError = () => {
    broken = true;
  };
  client.on("error", onError);
  try {
    await client.query("begin");
    const result = await work(pgSql(client));
    await client.query("commit");
    return result;
  } catch (error) {
    // A connection that cannot even roll back is not given back to the pool.
    await client.query("rollback").catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}

/** Single statements on any connection of the pool (no transaction). */
export function poolSql(pool: pg.Pool): Sql {
  return {
    rows: async <T>(text: string, values: unknown[] = []) => (await pool.query(text, values)).rows as T[],
    run: async (text, values = []) => {
      await pool.query(text, values);
    },
  };
}

/** Prisma's codes for the same (https://www.prisma.io/docs/orm/reference/error-reference), and its driver adapter's kinds. */
const PRISMA_UNAVAILABLE = ["P1001", "P1002", "P1008", "P1017", "P2024"];
const ADAPTER_UNAVAILABLE = ["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"];

/** Errors that mean "the database cannot be reached or is overloaded", not "this input is bad". */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as {
    code?: unknown;
    message?: unknown;
    meta?: { driverAdapterError?: { cause?: { kind?: unknown } } };
  } | null;
  const code = typeof e?.code === "string" ? e.code : "";
  const message = typeof e?.message === "string" ? e.message : "";
  const adapterKind = e?.meta?.driverAdapterError?.cause?.kind;
  return (
    PRISMA_UNAVAILABLE.includes(code) ||
    (typeof adapterKind === "string" && ADAPTER_UNAVAILABLE.includes(adapterKind)) ||
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EPIPE"].includes(code) ||
    code.startsWith("08") || // connection exception
    ["57P01", "57P02", "57P03", "53300", "57014", "55P03"].includes(code) || // shutdown, too many connections, timeouts
    /Connection terminated|timeout exceeded when trying to connect/i.test(message)
  );
}

const columnNames = new Map<string, string>();

/** fieldName → field_name, remembered (the same few names on every row of the hot path). */
function columnName(field: string): string {
  let column = columnNames.get(field);
  if (column === undefined) {
    column = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    columnNames.set(field, column);
  }
  return column;
}

/**
 * Rows as the JSON array a `json_populate_recordset(null::<table>, $n::json)` reads: camelCase
 * fields under their snake_case column names, bigints as strings, dates as ISO 8601 (JSON's
 * own). Fields without a column of that name are ignored by PostgreSQL.
 */
export function tableRowsJson(rows: readonly object[]): string {
  return JSON.stringify(
    rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([field, value]) => [
          columnName(field),
          typeof value === "bigint" ? value.toString() : value,
        ]),
      ),
    ),
  );
}
