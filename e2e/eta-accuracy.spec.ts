import { expect, test } from "./fixtures";

// The e2e server seeds scale 1 (as npm start does): payouts of every method completed over
// the last weeks, each with the ETAs it was shown.

test("the ETA accuracy page shows first vs last ETA, slack, revisions and calibration per method and week", async ({
  page,
  signInStaff,
  checkA11y,
}) => {
  await signInStaff(page);
  await page.goto("/admin/accuracy");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ETA accuracy");

  const summary = page.getByTestId("accuracy-table");
  await expect(summary.locator("caption")).toHaveText("Per payout method, all 8 weeks together");
  // Methods by their names, never their codes; the promised quantile beside each.
  const sepa = summary.locator('tr[data-method="SEPA"]');
  await expect(sepa.getByRole("rowheader")).toContainText("SEPA bank transfer");
  await expect(sepa.getByRole("rowheader")).toContainText("Promise aims at 90%");
  await expect(summary).not.toContainText("FASTER_PAYMENTS");
  await expect(summary.getByRole("columnheader", { name: "By the first ETA" })).toBeVisible();
  await expect(summary.getByRole("columnheader", { name: "By the last ETA" })).toBeVisible();
  await expect(summary.getByRole("rowheader", { name: "All methods" })).toBeVisible();
  // Completed count, shares and a signed slack in hours.
  const cells = sepa.locator("td");
  expect(Number(await cells.nth(0).textContent())).toBeGreaterThan(0);
  await expect(cells.nth(2)).toHaveText(/^\d+%$/);
  await expect(cells.nth(4)).toHaveText(/^[+-]?\d+\.\d h$/);

  // Per week: eight weeks under each method with completed payouts.
  const weeks = page.getByTestId("accuracy-weeks");
  await expect(weeks.locator("caption")).toHaveText("Per payout method and week of completion");
  const sepaWeeks = weeks.locator('tbody[data-method="SEPA"]');
  await expect(sepaWeeks.locator("th[scope=row]")).toHaveCount(8);
  await expect(sepaWeeks.locator("th[scope=rowgroup]")).toHaveText("SEPA bank transfer · the promise aims at 90%");
  await expect(sepaWeeks.locator("th[scope=row]").last()).toContainText("(so far)");

  await expect(page.getByRole("heading", { name: "How to read it" })).toBeVisible();
  await checkA11y(page);
});
