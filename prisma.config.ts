import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { withCatalogTypesAsText } from "./prisma/catalog-types-shim";

// The CLI (migrate deploy / diff) runs Prisma's Wasm schema engine through the
// pg driver adapter, so no native engine is downloaded at install time.
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error(
        "DATABASE_URL is not set: `npm start` and `npm run seed` migrate the embedded PostgreSQL themselves; for a database of your own run `DATABASE_URL=… npm run migrate`.",
      );
    }
    return withCatalogTypesAsText(new PrismaPg({ connectionString: url }));
  },
});
