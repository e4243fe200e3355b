import { expect, test } from "./fixtures";

// The admin pages need a staff session: the seeded demo admin.
test.beforeEach(async ({ page, signInStaff }) => {
  await signInStaff(page);
});

test("an admin moves a stage and the customer's page shows it", async ({
  page,
  browser,
  makeCustomer,
  makePayout,
  signInAs,
  db,
}) => {
  const customer = await makeCustomer();
  const payout = await makePayout(customer.id, { stage: "APPROVED" });

  await page.goto(`/admin/payouts/${payout.reference}`);
  await expect(page.getByTestId("admin-stage")).toHaveText("Approved");
  await page.getByLabel("New stage").selectOption("SENT");
  await page.getByRole("button", { name: "Move stage" }).click();
  await expect(page.getByTestId("action-feedback")).toHaveText("Saved.");
  await expect(page.getByTestId("admin-stage")).toHaveText("Sent");

  const customerContext = await browser.newContext();
  const customerPage = await customerContext.newPage();
  await signInAs(customerPage, customer.id);
  await customerPage.goto(`/payouts/${payout.reference}`);
  await expect(customerPage.getByTestId("stage-chip")).toHaveText("Sent");
  await expect(customerPage.locator('[data-stage="SENT"]')).toHaveAttribute("data-state", "current");
  await customerContext.close();

  const event = await db.payoutEvent.findFirstOrThrow({ where: { payoutId: payout.id, source: "ADMIN" } });
  expect(event).toMatchObject({ fromStage: "APPROVED", stage: "SENT", outcome: "APPLIED" });
});

test("an illegal move answers with a clear message and changes nothing", async ({
  page,
  makeCustomer,
  makePayout,
  db,
}) => {
  const customer = await makeCustomer();
  const payout = await makePayout(customer.id, { stage: "SENT" });

  await page.goto(`/admin/payouts/${payout.reference}`);
  await page.getByLabel("New stage").selectOption("VERIFYING");
  await page.getByRole("button", { name: "Move stage" }).click();
  await expect(page.getByTestId("action-feedback")).toHaveText(
    "A payout never moves backwards: Sent cannot go back to Checking your details.",
  );
  await page.reload();
  await expect(page.getByTestId("admin-stage")).toHaveText("Sent");
  expect(await db.payoutEvent.count({ where: { payoutId: payout.id, source: "ADMIN" } })).toBe(0);
});

test("an admin marks a payout delayed with a reason and the customer sees it", async ({
  page,
  browser,
  makeCustomer,
  makePayout,
  signInAs,
}) => {
  const customer = await makeCustomer();
  const payout = await makePayout(customer.id, { stage: "PROCESSING" });

  await page.goto(`/admin/payouts/${payout.reference}`);
  await page.getByRole("button", { name: "Mark delayed" }).click();
  await expect(page.getByTestId("action-feedback")).toHaveText("Choose a delay reason: customers see it.");
  await page.getByLabel("Delay reason").selectOption("BANK_HOLIDAY");
  await page.getByRole("button", { name: "Mark delayed" }).click();
  await expect(page.getByTestId("admin-delayed")).toHaveText("yes (Bank holiday)");

  const context = await browser.newContext();
  const customerPage = await context.newPage();
  await signInAs(customerPage, customer.id);
  await customerPage.goto(`/payouts/${payout.reference}`);
  await expect(customerPage.getByTestId("delayed-badge")).toBeVisible();
  await expect(customerPage.getByTestId("payout-problem")).toContainText("A bank holiday is delaying the transfer");
  await context.close();
});

test("admins filter and search the payout list", async ({ page, makeCustomer, makePayout }) => {
  const customer = await makeCustomer();
  const payout = await makePayout(customer.id, { stage: "ON_HOLD", reasonCode: "COMPLIANCE_REVIEW" });

  await page.goto(`/admin/payouts?q=${encodeURIComponent(customer.email)}`);
  await expect(page.getByTestId("result-count")).toHaveText("1 payout · page 1 of 1");
  await expect(page.getByRole("link", { name: payout.reference })).toBeVisible();

  await page.goto("/admin/payouts?stage=ON_HOLD");
  await expect(page.locator("tbody tr td:nth-child(5)").first()).toContainText("On hold");

  await page.goto("/admin/payouts?delayed=yes&page=1");
  await expect(page.locator("tbody tr").first()).toContainText("delayed");

  await page.goto("/admin/payouts?stage=NOPE");
  await expect(page.getByRole("alert").filter({ hasText: "Invalid filter" })).toContainText("stage:");
});

test("an admin overrides the ETA with a reason; the customer sees new and original ETA and why", async ({
  page,
  browser,
  makeCustomer,
  makePayout,
  signInAs,
}) => {
  const customer = await makeCustomer();
  const payout = await makePayout(customer.id, { stage: "PROCESSING" });
  const inTenDays = new Date(Date.now() + 10 * 86_400_000);
  inTenDays.setUTCHours(15, 0, 0, 0);

  await page.goto(`/admin/payouts/${payout.reference}`);
  await page.getByLabel("New ETA (UTC)").fill(inTenDays.toISOString().slice(0, 16));
  await page.getByRole("button", { name: "Set ETA" }).click();
  await expect(page.getByTestId("action-feedback")).toHaveText("Choose the reason customers see for the new estimate.");
  await page.getByLabel("Reason for the new ETA").selectOption("HIGH_VOLUME");
  await page.getByRole("button", { name: "Set ETA" }).click();
  await expect(page.getByTestId("action-feedback")).toHaveText("Saved.");

  const context = await browser.newContext();
  const customerPage = await context.newPage();
  await signInAs(customerPage, customer.id);
  await customerPage.goto(`/payouts/${payout.reference}`);
  // The new promise (a date: ten days away), and the history of promises with the reason.
  const dateInTenDays = new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: "Europe/London", // makeCustomer's default
  }).format(inTenDays);
  await expect(customerPage.getByTestId("eta-now")).toHaveText(`Expected by ${dateInTenDays}`);
  const history = customerPage.getByTestId("eta-history");
  await expect(history).toContainText("Originally by");
  await expect(history).toContainText(`by ${dateInTenDays} · We are handling more payouts than usual (now)`);
  await expect(customerPage.getByTestId("eta-reason")).toHaveText(
    "Why it changed: We are handling more payouts than usual",
  );
  await context.close();

  // The audit log names the admin, the change and the ETA before and after.
  await page.goto(`/admin/audit?target=${payout.reference}`);
  const row = page.getByTestId("audit-table").locator("tbody tr").first();
  await expect(row).toContainText("admin@example.com");
  await expect(row).toContainText("ETA overridden");
  await expect(row).toContainText("etaReason: High volume");
});

test("the ETA accuracy page shows, per method, how many completed payouts arrived by their ETAs", async ({
  page,
  makeCustomer,
  makePayout,
}) => {
  // SWIFT: payouts completed in the seeded history, and by no other spec. The page counts
  // every payout, so the test reads SWIFT's figures first and adds two of its own.
  const row = page.getByTestId("accuracy-table").locator('tr[data-method="SWIFT"]');
  const figures = async () => {
    await page.goto("/admin/accuracy");
    await expect(page.getByTestId("accuracy-table")).toContainText("All methods");
    if ((await row.count()) === 0) {
      return { completed: 0, withoutEta: 0, byFirst: "—", byLast: "—" };
    }
    const cell = async (n: number) => (await row.locator("td").nth(n).textContent()) ?? "";
    return {
      completed: Number(await cell(0)),
      withoutEta: Number(await cell(1)),
      byFirst: await cell(2),
      byLast: await cell(3),
    };
  };
  const start = await figures();

  // One arrives by its ETA (days ahead), one weeks after it (promised a month ago); an admin completes both.
  const customer = await makeCustomer();
  const onTime = await makePayout(customer.id, { stage: "PROCESSING", method: "SWIFT" });
  const late = await makePayout(customer.id, {
    stage: "PROCESSING",
    method: "SWIFT",
    at: new Date(Date.now() - 30 * 86_400_000),
  });
  for (const payout of [onTime, late]) {
    await page.goto(`/admin/payouts/${payout.reference}`);
    await page.getByLabel("New stage").selectOption("COMPLETED");
    await page.getByRole("button", { name: "Move stage" }).click();
    await expect(page.getByTestId("admin-stage")).toHaveText("Completed");
  }

  const end = await figures();
  expect(end.completed).toBe(start.completed + 2);
  expect(end.withoutEta).toBe(start.withoutEta);
  // k of n by their ETA before (every k the shown share can stand for), k + 1 of n + 2 now.
  const share = (part: number, whole: number) =>
    whole === 0
      ? "—"
      : new Intl.NumberFormat("en-GB", { style: "percent", maximumFractionDigits: 0 }).format(part / whole);
  for (const column of ["byFirst", "byLast"] as const) {
    const kept = Array.from({ length: start.completed + 1 }, (_, k) => k).filter(
      (k) => share(k, start.completed) === start[column],
    );
    expect(kept, `${column}: ${start[column]} of ${start.completed}`).not.toEqual([]);
    expect(kept.map((k) => share(k + 1, start.completed + 2))).toContain(end[column]);
  }
});

test("an admin sets a stage's expected hours, a wrong value is refused, and clearing goes back to the default", async ({
  page,
}) => {
  await page.goto("/admin/eta");
  const row = page.getByTestId("durations-PAYPAL").locator('[data-stage="APPROVED"]');
  // p50 / p90 in working hours, and where they come from.
  await expect(row.getByTestId("in-use")).toHaveText("0.25 / 1 · default");
  const input = row.getByLabel("Configured hours for PayPal · Approved");
  await input.fill("0");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByRole("alert")).toHaveText("At least 0.25 hours (15 minutes).");
  // p50 / p90 in working hours, and where they come from.
  await expect(row.getByTestId("in-use")).toHaveText("0.25 / 1 · default");
  await input.fill("2,5");
  await row.getByRole("button", { name: "Save" }).click();
  // A configured p90; the median keeps the default's proportion.
  await expect(row.getByTestId("in-use")).toHaveText(/^0\.6\d? \/ 2\.5 · configured$/);
  await input.fill("");
  await row.getByRole("button", { name: "Save" }).click();
  // p50 / p90 in working hours, and where they come from.
  await expect(row.getByTestId("in-use")).toHaveText("0.25 / 1 · default");
  await page.goto("/admin/audit?action=ETA_DURATION_SET");
  await expect(page.getByText("PayPal · Approved").first()).toBeVisible();
});
