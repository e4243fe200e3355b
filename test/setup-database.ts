import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { TEMPLATE_DATABASE } from "./database-url";

// Each test file gets its own database, cloned from the migrated template, so files
// run in parallel without seeing each other's rows.
const serverUrl = inject("serverUrl");
const name = `pt_test_${randomBytes(6).toString("hex")}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database ${name} template ${TEMPLATE_DATABASE}`);
await admin.end();

const url = new URL(serverUrl);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();

afterAll(async () => {
  const { closePgPool, getDb } = await import("../lib/db/client");
  await getDb().$disconnect();
  await closePgPool();
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.end();
});
