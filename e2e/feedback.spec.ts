import { readFileSync } from "node:fs";
import { hashToken, surveyToken } from "../lib/support/feedback";
import { expect, test } from "./fixtures";

const authSecret = (): string => JSON.parse(readFileSync("e2e/.state/database.json", "utf8")).authSecret;

test("one click in the survey email records the score; NPS and a comment follow; the admin KPIs count it", async ({
  page,
  browser,
  db,
  makeCustomer,
  makePayout,
  signInAs,
  signInStaff,
  checkA11y,
}) => {
  const customer = await makeCustomer({ locale: "de" });
  const payout = await makePayout(customer.id, { stage: "COMPLETED" });
  const id = `fb_e2e_${Date.now()}`;
  const token = surveyToken(authSecret(), id);
  await db.feedbackSurvey.create({
    data: { id, customerId: customer.id, payoutId: payout.id, trigger: "COMPLETED", tokenHash: hashToken(token) },
  });

  await page.goto(`/f/${token}?csat=4`);
  await expect(page.getByRole("status").first()).toHaveText(/Wir haben Ihre Antwort gespeichert/);
  await expect(page.getByRole("radio", { name: "4 · Zufrieden" })).toBeChecked();
  await checkA11y(page);
  await page.getByRole("radio", { name: "9", exact: true }).check();
  await page.getByLabel("Möchten Sie uns noch etwas sagen? (freiwillig)").fill("Schnell und klar.");
  await page.getByRole("button", { name: "Feedback senden" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Danke für Ihr Feedback." })).toBeVisible();
  expect(await db.feedbackSurvey.findUniqueOrThrow({ where: { id } })).toMatchObject({
    csat: 4,
    nps: 9,
    comment: "Schnell und klar.",
  });
  // A forged link is not a survey.
  expect((await page.goto(`/f/${"A".repeat(22)}`))?.status()).toBe(404);

  // The completed payout's page offers the same survey, filled in.
  const own = await (await browser.newContext()).newPage();
  await signInAs(own, customer.id);
  await own.goto(`/payouts/${payout.reference}`);
  await expect(own.getByTestId("survey").getByRole("radio", { name: "4 · Zufrieden" })).toBeChecked();

  const admin = await (await browser.newContext()).newPage();
  await signInStaff(admin);
  await admin.goto("/admin/kpis");
  await expect(admin.getByTestId("kpi-table")).toBeVisible();
  await expect(admin.getByTestId("kpi-csat")).toBeVisible();
});
