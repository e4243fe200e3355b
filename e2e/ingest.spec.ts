import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { signPayload } from "../lib/ingest/signature";
import { expect, test } from "./fixtures";

const { ingestSecret } = JSON.parse(readFileSync("e2e/.state/database.json", "utf8")) as { ingestSecret: string };

test("a payout system's signed event appears on the customer's page; a forged one is refused", async ({
  page,
  request,
  db,
  signInAs,
}) => {
  const id = randomUUID().slice(0, 8);
  const event = (stage: string, occurredAt: string) => ({
    id: `evt_${randomUUID()}`,
    type: "payout.updated",
    occurred_at: occurredAt,
    payout: {
      external_id: `po_e2e_${id}`,
      customer: {
        external_id: `cus_e2e_${id}`,
        name: "Lin Ingest",
        email: `lin.${id}@example.com`,
        phone: null,
        locale: "en",
        timezone: "Europe/London",
      },
      amount_minor: 4200,
      currency: "GBP",
      method: "faster_payments",
      destination: { label: "GB•• 4242" },
      stage,
      reason_code: null,
      note: null,
    },
  });
  const post = (body: unknown, secret = ingestSecret) => {
    const raw = JSON.stringify(body);
    return request.post("/api/v1/events", {
      data: raw,
      headers: {
        "content-type": "application/json",
        "payout-signature": signPayload(secret, raw, Math.floor(Date.now() / 1000)),
      },
    });
  };

  const first = await post(event("PROCESSING", new Date(Date.now() - 60_000).toISOString()));
  expect(first.status()).toBe(200);
  expect(await first.json()).toEqual({ result: "applied" });

  const forged = await post(event("COMPLETED", new Date().toISOString()), "not-the-secret-0123456789");
  expect(forged.status()).toBe(401);

  const customer = await db.customer.findUniqueOrThrow({ where: { externalId: `cus_e2e_${id}` } });
  const payout = await db.payout.findUniqueOrThrow({ where: { externalId: `po_e2e_${id}` } });
  await signInAs(page, customer.id);
  await page.goto(`/payouts/${payout.reference}`);
  await expect(page.getByTestId("stage-chip")).toHaveText("Processing");
  await expect(page.getByRole("heading", { name: "£42.00" })).toBeVisible();
});
