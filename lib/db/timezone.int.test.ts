import pg from "pg";
import { describe, expect, it } from "vitest";
import { testDatabaseUrl } from "../../test/database-url";
import { createCustomer, createPayout } from "../../test/factories";
import { getDb, getPgPool } from "./client";

describe("time zones", () => {
  it("the test server is not on UTC, so a connection that forgot to pin UTC would show", async () => {
    // A bare connection, without the app's settings, gets the server's default zone.
    const bare = new pg.Client({ connectionString: testDatabaseUrl() });
    await bare.connect();
    try {
      const { rows } = await bare.query<{ TimeZone: string }>("show timezone");
      expect(rows[0]?.TimeZone).toBe("America/New_York");
    } finally {
      await bare.end();
    }
  });

  it("Prisma and plain pg read the same instant", async () => {
    const payout = await createPayout((await createCustomer()).id, "PROCESSING", new Date("2026-11-23T09:00:00Z"));
    const viaPrisma = await getDb().payout.findUniqueOrThrow({
      where: { id: payout.id },
      select: { lastEventAt: true },
    });
    const { rows } = await getPgPool().query<{ last_event_at: Date }>(
      "select last_event_at from payouts where id = $1",
      [payout.id],
    );
    expect(viaPrisma.lastEventAt.toISOString()).toBe("2026-11-23T09:00:00.000Z");
    expect(rows[0]?.last_event_at.toISOString()).toBe("2026-11-23T09:00:00.000Z");
  });
});
