import { randomInt } from "node:crypto";
import { expect, test } from "./fixtures";

const uniquePhone = () => `+49151${String(randomInt(0, 100_000_000)).padStart(8, "0")}`;

test.beforeEach(async ({ page, signInStaff }) => {
  await signInStaff(page);
});

test("an admin edits the German PROCESSING templates; a German customer reads them on the page and in the next SMS", async ({
  page,
  browser,
  makeCustomer,
  makePayout,
  signInAs,
  smsBox,
  checkA11y,
}) => {
  test.setTimeout(60_000); // the probe's and the customer's SMS both go through the worker
  const phone = uniquePhone();
  const customer = await makeCustomer({ locale: "de", name: "Greta Gruber", phone, smsAlways: true });
  const payout = await makePayout(customer.id, { stage: "APPROVED", amountMinor: 250_000n });

  // The page text: a wrong placeholder is refused with a clear message, then a good one is saved.
  await page.goto("/admin/templates?channel=PAGE&topic=PROCESSING&locale=de");
  await checkA11y(page);
  const editor = page.getByLabel("Text (Payout page · Stage: Processing · German)");
  await editor.fill("Hallo {vorname}, wir überweisen {amount}.");
  await expect(page.locator("#template-check")).toContainText("Unknown placeholder {vorname}.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Unknown placeholder {vorname}.");
  await editor.fill("Hallo {first_name}, wir überweisen gerade {amount} an Ihre Bank.");
  await expect(page.getByTestId("template-preview")).toContainText("Hallo Jonas, wir überweisen gerade");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(page.getByTestId("template-history")).toContainText("admin@example.com");

  // The SMS: one over two segments with the longest values is refused; a short one is saved.
  await page.goto("/admin/templates?channel=SMS&topic=PROCESSING&locale=de");
  const sms = page.getByLabel("Text (SMS · Stage: Processing · German)");
  await sms.fill("{action} {action} {action} {reason} {reason} {tracking_url} {tracking_url}");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("at most 2 are allowed");
  await sms.fill("{first_name}, Ihre Auszahlung {reference} wird jetzt überwiesen. Details: {tracking_url}");
  await expect(page.getByTestId("sms-counter")).toContainText("1 segment");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  try {
    // Workers read templates at most 2 seconds old. That they read this one: another German
    // customer's payout reaches PROCESSING, and its SMS has the new words (else a fresh try).
    await expect(async () => {
      const probePhone = uniquePhone();
      const probe = await makeCustomer({ locale: "de", name: "Paula Probe", phone: probePhone, smsAlways: true });
      const probePayout = await makePayout(probe.id, { stage: "PROCESSING" });
      const processing = async () =>
        (await smsBox(probePhone))
          .map((m) => m.body)
          .find((body) => body.includes(probePayout.reference) && !body.startsWith("Auszahlungsantrag"));
      await expect.poll(processing).toBeTruthy();
      expect(await processing()).toMatch(new RegExp(`^Paula, Ihre Auszahlung ${probePayout.reference} wird jetzt`));
    }).toPass({ timeout: 30_000 });

    await page.goto(`/admin/payouts/${payout.reference}`);
    await page.getByLabel("New stage").selectOption("PROCESSING");
    await page.getByRole("button", { name: "Move stage" }).click();
    await expect(page.getByTestId("action-feedback")).toContainText("Saved.");

    const customerPage = await (await browser.newContext()).newPage();
    await signInAs(customerPage, customer.id);
    await customerPage.goto(`/payouts/${payout.reference}`);
    await expect(customerPage.getByTestId("stage-description")).toHaveText(
      /^Hallo Greta, wir überweisen gerade 2\.500,00\s€ an Ihre Bank\.$/,
    );
    await expect
      .poll(async () => (await smsBox(phone)).map((m) => m.body).find((b) => b.includes(payout.reference)))
      .toMatch(
        new RegExp(`^Greta, Ihre Auszahlung ${payout.reference} wird jetzt überwiesen\\. Details: http\\S+/t/\\S+$`),
      );
  } finally {
    // Back to the built-in texts, so that other tests read what they expect.
    for (const channel of ["PAGE", "SMS"]) {
      await page.goto(`/admin/templates?channel=${channel}&topic=PROCESSING&locale=de`);
      await page.getByRole("button", { name: "Reset to the built-in text" }).click();
      await expect(page.getByTestId("template-state")).toHaveText("Customers now read the built-in text.");
    }
  }
});
