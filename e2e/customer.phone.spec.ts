import { expect, test } from "./fixtures";

test("the payout page fits a 360 px phone without sideways scrolling", async ({
  page,
  makeCustomer,
  makePayout,
  signInAs,
  checkA11y,
}) => {
  const customer = await makeCustomer({ name: "Maximiliane Mustermann-Oberhuber" });
  const payout = await makePayout(customer.id, {
    stage: "ON_HOLD",
    reasonCode: "COMPLIANCE_REVIEW",
    amountMinor: 2_499_999n,
  });
  await signInAs(page, customer.id);

  for (const path of ["/payouts", `/payouts/${payout.reference}`, "/preferences"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await checkA11y(page);
    if (path.startsWith("/payouts/")) {
      await expect(page.getByTestId("timeline")).toBeVisible();
    }
  }
});
