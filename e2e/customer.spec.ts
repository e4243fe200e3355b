import { expect, test } from "./fixtures";

test("a customer sees their payouts with stage, amount, ETA and a delayed badge", async ({
  page,
  makeCustomer,
  makePayout,
  signInAs,
}) => {
  const customer = await makeCustomer();
  const processing = await makePayout(customer.id, { stage: "PROCESSING" });
  const delayed = await makePayout(customer.id, { stage: "SENT", delay: "BANK_HOLIDAY", amountMinor: 9_900n });
  await signInAs(page, customer.id);

  await page.goto("/payouts");
  await expect(page.getByRole("heading", { name: "My payouts" })).toBeVisible();
  const cards = page.getByTestId("payout-card");
  await expect(cards).toHaveCount(2);
  const first = cards.filter({ hasText: processing.reference });
  await expect(first).toContainText("€1,250.00");
  await expect(first.getByTestId("stage-chip")).toHaveText("Processing");
  await expect(first).toContainText("Expected");
  const second = cards.filter({ hasText: delayed.reference });
  await expect(second.getByTestId("delayed-badge")).toHaveText("Delayed");
  await expect(second).toContainText("€99.00");
});

test("a customer sees the timeline, the ETA in words in their time zone, and what to do when action is required", async ({
  page,
  makeCustomer,
  makePayout,
  signInAs,
}) => {
  const customer = await makeCustomer({ timeZone: "America/New_York" });
  const payout = await makePayout(customer.id, { stage: "ACTION_REQUIRED", reasonCode: "VERIFICATION_INCOMPLETE" });
  const open = await makePayout(customer.id, { stage: "APPROVED" });
  await signInAs(page, customer.id);

  await page.goto(`/payouts/${payout.reference}`);
  const alert = page.getByTestId("payout-problem");
  await expect(alert).toContainText("Your identity check is not finished");
  await expect(alert).toContainText("Upload the missing documents");
  await expect(page.locator('[data-stage="ACTION_REQUIRED"]')).toHaveAttribute("data-state", "current");
  await expect(page.locator('[data-stage="REQUESTED"]')).toHaveAttribute("data-state", "done");
  await expect(page.getByTestId("eta")).toContainText("We will give you a new estimate as soon as this is resolved.");
  await expect(page.getByTestId("stage-expected")).toHaveCount(0);

  await page.goto(`/payouts/${open.reference}`);
  const steps = page.getByTestId("timeline").locator("li");
  await expect(steps).toHaveCount(7);
  await expect(page.locator('[data-stage="APPROVED"]')).toHaveAttribute("aria-current", "step");
  await expect(page.locator('[data-stage="PROCESSING"]')).toHaveAttribute("data-state", "upcoming");
  // Every remaining stage says when it is expected; the paused payout's do not.
  for (const stage of ["PROCESSING", "SENT", "COMPLETED"]) {
    await expect(page.locator(`[data-stage="${stage}"]`).getByTestId("stage-expected")).toContainText(
      /^Expected by \S/,
    );
  }
  await expect(page.locator('[data-stage="APPROVED"]').getByTestId("stage-expected")).toHaveCount(0);
  // "Expected by Tuesday 24 November" (more than a day away: a date) or "…, 17:00" (a 24-hour time).
  await expect(page.getByTestId("eta-now")).toHaveText(
    /^Expected by (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+(, \d{2}:\d{2})?$/,
  );
  await expect(page.getByText("All times are in your time zone: Eastern Time.")).toBeVisible();
});

test("a German customer reads the page in German", async ({ page, makeCustomer, makePayout, signInAs }) => {
  const customer = await makeCustomer({ locale: "de", timeZone: "Europe/Berlin", name: "Jana Schmidt" });
  const payout = await makePayout(customer.id, { stage: "PROCESSING", delay: "HIGH_VOLUME" });
  await signInAs(page, customer.id);

  await page.goto(`/payouts/${payout.reference}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page.getByTestId("stage-chip")).toHaveText("In Bearbeitung");
  await expect(page.getByTestId("payout-problem")).toContainText("Diese Auszahlung verzögert sich");
  await expect(page.getByTestId("payout-problem")).toContainText("mehr Auszahlungen als üblich");
  await expect(page.getByRole("heading", { name: "1.250,00 €" })).toBeVisible();

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByTestId("stage-chip")).toHaveText("Processing");
});

test("a customer cannot open another customer's payout", async ({ page, makeCustomer, makePayout, signInAs }) => {
  const victim = await makeCustomer();
  const attacker = await makeCustomer();
  const payout = await makePayout(victim.id, { stage: "SENT" });
  await signInAs(page, attacker.id);

  const response = await page.goto(`/payouts/${payout.reference}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText("€1,250.00")).toHaveCount(0);
});
