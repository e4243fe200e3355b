import { readFileSync } from "node:fs";
import pg from "pg";
import { sweepDelays } from "../lib/eta/sweeper";
import { expect, test } from "./fixtures";

// Journeys that must end well (#13, #14): a late payout gets a new ETA ahead with its history;
// the team's note reaches the page; a failed payout says where the money is and what next.

/** The ETA sweeper's run (the worker's cron), against the e2e server's database. */
async function sweep(): Promise<void> {
  const { url } = JSON.parse(readFileSync("e2e/.state/database.json", "utf8")) as { url: string };
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await sweepDelays(pool);
  } finally {
    await pool.end();
  }
}

for (const locale of ["en", "de"] as const) {
  test(`a late payout shows a new ETA ahead and how its estimate changed (${locale})`, async ({
    page,
    makeCustomer,
    makePayout,
    signInAs,
  }) => {
    const customer = await makeCustomer({ locale, timeZone: "Europe/Berlin" });
    // In PROCESSING for six days: its ETA passed long ago.
    const payout = await makePayout(customer.id, { stage: "PROCESSING", at: new Date(Date.now() - 6 * 86_400_000) });
    await sweep();
    await signInAs(page, customer.id);
    await page.goto(`/payouts/${payout.reference}`);

    const now = page.getByTestId("eta-now");
    await expect(now).toHaveText(
      locale === "de" ? /^(Voraussichtlich bis|Wir melden uns bis) / : /^(Expected by|We will update you by) /,
    );
    const eta = new Date((await now.getAttribute("data-eta")) ?? 0);
    expect(eta.getTime()).toBeGreaterThan(Date.now());
    // A time (not a date) is never in the customer's night, 00:30–06:00.
    const shown = (await now.textContent()) ?? "";
    const time = /(\d{2}):(\d{2})/.exec(shown);
    if (time) {
      const minute = Number(time[1]) * 60 + Number(time[2]);
      expect(minute < 30 || minute >= 360, shown).toBe(true);
    }
    await expect(page.getByTestId("delayed-badge")).toBeVisible();
    const history = page.getByTestId("eta-history");
    await expect(history).toContainText(locale === "de" ? "Ursprünglich bis" : "Originally by");
    await expect(history).toContainText(locale === "de" ? "(jetzt)" : "(now)");
  });
}

test("the team's note reaches the customer's page, in the timeline entry of its stage, newest first", async ({
  page,
  browser,
  makeCustomer,
  makePayout,
  signInAs,
  signInStaff,
}) => {
  const customer = await makeCustomer();
  const payout = await makePayout(customer.id, { stage: "PROCESSING" });
  await signInStaff(page);

  // The admin moves the payout with a note, then adds a second note on the same stage.
  await page.goto(`/admin/payouts/${payout.reference}`);
  const move = page.locator('form[aria-labelledby="move-heading"]');
  await move.locator('select[name="stage"]').selectOption("SENT");
  await move.locator('input[name="note"]').fill("Your bank confirmed the transfer.");
  await move.locator('button[type="submit"]').click();
  await expect(move.locator('input[name="note"]')).toHaveValue("");

  const context = await browser.newContext();
  const customerPage = await context.newPage();
  await signInAs(customerPage, customer.id);
  await customerPage.goto(`/payouts/${payout.reference}`);
  const notes = customerPage.locator('[data-stage="SENT"]').getByTestId("notes").locator("li");
  await expect(notes).toHaveCount(1);
  await expect(notes.first()).toContainText("Note from our team");
  await expect(notes.first()).toContainText("Your bank confirmed the transfer.");
  // Not inside a delay or problem box as if it explained something else.
  await expect(customerPage.getByTestId("payout-problem")).toHaveCount(0);
  await context.close();
});

test("a failed payout says where the money is and what happens next (en and de)", async ({
  page,
  makeCustomer,
  makePayout,
  signInAs,
}) => {
  const english = await makeCustomer();
  const failed = await makePayout(english.id, { stage: "FAILED", reasonCode: "INVALID_ACCOUNT" });
  await signInAs(page, english.id);
  await page.goto(`/payouts/${failed.reference}`);
  const guidance = page.getByTestId("guidance");
  await expect(guidance).toContainText("Where your money is");
  await expect(page.getByTestId("where-money")).toHaveText("The money is back in your balance.");
  await expect(page.getByTestId("what-next")).toHaveText("We will try again once you update your bank details.");

  const german = await makeCustomer({ locale: "de" });
  const returned = await makePayout(german.id, { stage: "FAILED", reasonCode: "BANK_REJECTED" });
  await page.context().clearCookies();
  await signInAs(page, german.id);
  await page.goto(`/payouts/${returned.reference}`);
  await expect(page.getByTestId("guidance")).toContainText("Wo Ihr Geld ist");
  await expect(page.getByTestId("where-money")).not.toBeEmpty();
  // A failed payout never reads as completed ("Diese Auszahlung ist abgeschlossen" was the old text).
  await expect(page.getByTestId("payout-problem")).toContainText("konnte nicht abgeschlossen werden");
  await expect(page.getByTestId("eta")).not.toContainText("ist abgeschlossen");
  await expect(page.getByTestId("stage-chip")).not.toHaveText("Angekommen");
});
