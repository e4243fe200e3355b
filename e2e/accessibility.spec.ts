import { expect, test } from "./fixtures";

// axe takes a few seconds a page on a busy two-core machine: each test checks several pages.
test.describe.configure({ timeout: 90_000 });

test("customer pages have no serious or critical accessibility violations", async ({
  page,
  makeCustomer,
  makePayout,
  signInAs,
  checkA11y,
}) => {
  const customer = await makeCustomer();
  await makePayout(customer.id, { stage: "COMPLETED" });
  const action = await makePayout(customer.id, { stage: "ACTION_REQUIRED", reasonCode: "VERIFICATION_INCOMPLETE" });
  const delayed = await makePayout(customer.id, { stage: "PROCESSING", delay: "TECHNICAL_ERROR" });
  await signInAs(page, customer.id);

  for (const path of [
    "/payouts",
    `/payouts/${action.reference}`,
    `/payouts/${delayed.reference}`,
    "/preferences",
    "/about",
  ]) {
    await page.goto(path);
    await expect(page.locator("main")).toBeVisible();
    await checkA11y(page);
  }
});

test("German customer pages have no serious or critical accessibility violations", async ({
  page,
  makeCustomer,
  makePayout,
  signInAs,
  checkA11y,
}) => {
  const customer = await makeCustomer({ locale: "de", timeZone: "Europe/Berlin" });
  const failed = await makePayout(customer.id, { stage: "FAILED", reasonCode: "INVALID_ACCOUNT" });
  await signInAs(page, customer.id);
  for (const path of ["/payouts", `/payouts/${failed.reference}`, "/preferences"]) {
    await page.goto(path);
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await checkA11y(page);
  }
});
