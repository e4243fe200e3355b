import { expect, test } from "./fixtures";

// The admin pages need a staff session: the seeded demo admin.
test.beforeEach(async ({ page, signInStaff }) => {
  await signInStaff(page);
});

// WALLET only: no other spec uses wallet payouts, so a running notice disturbs nobody.
test("an admin publishes a notice with an ETA shift; affected customers see it in their language and a later ETA", async ({
  page,
  browser,
  makeCustomer,
  makePayout,
  signInAs,
  checkA11y,
}) => {
  const english = await makeCustomer();
  const german = await makeCustomer({ locale: "de", timeZone: "Europe/Berlin" });
  const wallet = await makePayout(english.id, { stage: "PROCESSING", method: "WALLET" });
  const walletDe = await makePayout(german.id, { stage: "PROCESSING", method: "WALLET" });
  const sepa = await makePayout(english.id, { stage: "PROCESSING" });

  await page.goto("/admin/notices");
  await page.getByLabel("Wallet", { exact: true }).check();
  await page.getByLabel("ETA shift (business hours)").fill("24");
  await page.getByLabel("Reason shown with a shifted ETA").selectOption("HIGH_VOLUME");
  await page
    .getByLabel("Text for English-speaking customers")
    .fill("High volume: wallet payouts may take a day longer.");
  await page
    .getByLabel("Text for German-speaking customers")
    .fill("Hohes Aufkommen: Wallet-Auszahlungen dauern eventuell einen Tag länger.");
  await page.getByRole("button", { name: "Publish notice" }).click();
  await expect(page.getByTestId("notice-feedback")).toHaveText("Published.");

  const context = await browser.newContext();
  const customerPage = await context.newPage();
  await signInAs(customerPage, english.id);
  // Pages read running notices at most every 5 s; the worker shifts the ETAs in the background.
  await expect(async () => {
    await customerPage.goto(`/payouts/${wallet.reference}`);
    await expect(customerPage.getByTestId("incident-notice")).toContainText("wallet payouts may take a day longer", {
      timeout: 500,
    });
    await expect(customerPage.getByTestId("eta-reason")).toHaveText(
      "Why it changed: We are handling more payouts than usual",
      { timeout: 500 },
    );
  }).toPass({ timeout: 15_000 });
  await checkA11y(customerPage);
  await customerPage.goto(`/payouts/${sepa.reference}`);
  await expect(customerPage.getByTestId("incident-notice")).toHaveCount(0);

  await signInAs(customerPage, german.id);
  await customerPage.goto(`/payouts/${walletDe.reference}`);
  await expect(customerPage.getByTestId("incident-notice")).toContainText("Wallet-Auszahlungen dauern eventuell");
  await context.close();

  // Ended, it disappears from customers' pages (and stays in the list as ended).
  await page.getByRole("button", { name: "End now" }).first().click();
  await expect(page.getByTestId("notices-table").locator("tbody tr").first()).toContainText("ended");
});
