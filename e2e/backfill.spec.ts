import { randomUUID } from "node:crypto";
import { BACKFILL_COLUMNS } from "../lib/ingest/backfill-csv";
import { expect, test } from "./fixtures";

// The admin pages need a staff session: the seeded demo admin.
test.beforeEach(async ({ page, signInStaff }) => {
  await signInStaff(page);
});

function csvOf(rows: string[][]): Buffer {
  return Buffer.from([BACKFILL_COLUMNS.join(","), ...rows.map((r) => r.join(","))].join("\n"));
}

test("an admin uploads a CSV, reads the dry run, applies it and sees it complete", async ({ page, db, checkA11y }) => {
  const id = randomUUID().slice(0, 8);
  const customer = `cus_bf_${id}`;
  const payouts = [`po_bf_${id}_1`, `po_bf_${id}_2`];
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  const row = (event: string, at: string, payout: string, stage: string, amount = "125000") => [
    `evt_bf_${id}_${event}`,
    at,
    payout,
    customer,
    "Grace Hopper",
    `grace.${id}@example.com`,
    "",
    "en",
    "Europe/London",
    amount,
    "EUR",
    "sepa",
    "DE•• 1234",
    stage,
    "",
    "",
  ];
  const file = csvOf([
    row("1", hoursAgo(5), payouts[0] as string, "REQUESTED"),
    row("2", hoursAgo(4), payouts[0] as string, "PROCESSING"),
    row("3", hoursAgo(3), payouts[1] as string, "APPROVED"),
    row("4", hoursAgo(2), `po_bf_${id}_3`, "REQUESTED", "12.50"),
  ]);

  await page.goto("/admin/payouts");
  await page.getByRole("link", { name: "Back-fill" }).click();
  await expect(page.getByRole("heading", { name: "Back-fill", level: 1 })).toBeVisible();
  await page.getByLabel("CSV file").setInputFiles({ name: `history-${id}.csv`, mimeType: "text/csv", buffer: file });
  await page.getByRole("button", { name: "Upload and check" }).click();

  await expect(page.getByRole("heading", { name: `history-${id}.csv` })).toBeVisible();
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "VALIDATED");
  await expect(page.getByTestId("total-rows")).toHaveText("4");
  await expect(page.getByTestId("valid-rows")).toHaveText("3");
  await expect(page.getByTestId("invalid-rows")).toHaveText("1");
  await expect(page.getByTestId("existing-event-ids")).toHaveText("0");
  const errors = page.getByRole("table", { name: "Row errors" });
  await expect(errors.locator("tbody tr")).toHaveCount(1);
  await expect(errors.locator("tbody tr").first()).toContainText("5");
  await expect(errors.locator("tbody tr").first()).toContainText("amount_minor");
  await expect(errors.locator("tbody tr").first()).toContainText("must be a whole number of minor units");
  expect(await db.payout.count({ where: { externalId: { in: payouts } } })).toBe(0);
  await checkA11y(page);

  await page.getByRole("button", { name: "Apply 3 rows" }).click();
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "COMPLETED", { timeout: 15_000 });
  await expect(page.getByTestId("progress")).toHaveText("3 of 3 rows processed");
  await expect(page.getByTestId("applied")).toHaveText("3");
  await expect(page.getByTestId("rejected")).toHaveText("0");
  await expect(page.getByRole("button", { name: /Apply/ })).toHaveCount(0);

  const stored = await db.payout.findMany({
    where: { externalId: { in: payouts } },
    orderBy: { externalId: "asc" },
    select: { stage: true, customer: { select: { externalId: true } }, _count: { select: { events: true } } },
  });
  expect(stored).toEqual([
    { stage: "PROCESSING", customer: { externalId: customer }, _count: { events: 2 } },
    { stage: "APPROVED", customer: { externalId: customer }, _count: { events: 1 } },
  ]);

  await page.getByRole("link", { name: "← All back-fills" }).click();
  const listed = page.getByRole("row").filter({ hasText: `history-${id}.csv` });
  await expect(listed).toContainText("Completed");
  await expect(listed).toContainText("3 · 0 · 0 · 0");
  await checkA11y(page);
});

test("the run page follows the progress by itself until the run completes", async ({ page }) => {
  test.setTimeout(60_000);
  const id = randomUUID().slice(0, 8);
  const start = Date.now() - 3_600_000;
  // Enough rows (about 10 ms each) that the page sees the run while it is applying.
  const rows = Array.from({ length: 500 }, (_, i) => [
    `evt_bfp_${id}_${i}`,
    new Date(start + i * 1_000).toISOString(),
    `po_bfp_${id}_${i}`,
    `cus_bfp_${id}`,
    "Grace Hopper",
    "",
    "",
    "en",
    "UTC",
    "1000",
    "USD",
    "ach",
    "•• 6789",
    "REQUESTED",
    "",
    "",
  ]);
  await page.goto("/admin/backfill");
  await page.getByLabel("CSV file").setInputFiles({ name: "many.csv", mimeType: "text/csv", buffer: csvOf(rows) });
  await page.getByRole("button", { name: "Upload and check" }).click();
  await page.getByRole("button", { name: "Apply 500 rows" }).click();
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "APPLYING");
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "COMPLETED", { timeout: 45_000 });
  await expect(page.getByTestId("progress")).toHaveText("500 of 500 rows processed");
  await expect(page.getByTestId("applied")).toHaveText("500");
});

test("a file without the required columns is refused with a clear message", async ({ page }) => {
  await page.goto("/admin/backfill");
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "wrong.csv", mimeType: "text/csv", buffer: Buffer.from("event_id,colour\nevt_1,red\n") });
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page.getByTestId("backfill-feedback")).toContainText("missing columns: occurred_at");
  await expect(page.getByTestId("backfill-feedback")).toContainText('unknown column: "colour"');
});

test("uploads from another site are refused", async ({ request }) => {
  const response = await request.post("/admin/backfill/upload", {
    headers: { origin: "https://evil.example" },
    multipart: { file: { name: "x.csv", mimeType: "text/csv", buffer: Buffer.from("a\n1\n") } },
  });
  expect(response.status()).toBe(403);
});
