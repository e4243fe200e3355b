import { randomUUID } from "node:crypto";
import { askAboutPayout, ZAsk } from "../lib/support/inquiries";
import { expect, test } from "./fixtures";

// An open payout page follows what happens elsewhere without a reload (server-sent events
// fed by PostgreSQL NOTIFY, see lib/payouts/live-updates.ts): a support agent's reply and
// an incident notice published or ended by an admin appear within a few seconds.

/** Marks the page; a reload (or a navigation) loses the mark. */
async function markPage(page: import("@playwright/test").Page) {
  await page.evaluate(() => {
    (window as unknown as { __stillOpen?: boolean }).__stillOpen = true;
  });
}
const stillOpen = (page: import("@playwright/test").Page) =>
  page.evaluate(() => (window as unknown as { __stillOpen?: boolean }).__stillOpen === true);

test("a support agent's reply appears on the customer's open payout page", async ({
  page,
  browser,
  db,
  makeCustomer,
  makePayout,
  signInAs,
  signInStaff,
}) => {
  const customer = await makeCustomer({ locale: "de", name: "Lena Live" });
  const payout = await makePayout(customer.id, { stage: "PROCESSING" });
  const asked = await askAboutPayout(
    db,
    customer.id,
    ZAsk.parse({ reference: payout.reference, category: "WHERE_IS_MY_MONEY", message: "Wann kommt mein Geld?" }),
  );
  expect(asked.ok).toBe(true);
  const inquiryId = asked.ok ? asked.id : "";

  await signInAs(page, customer.id);
  await page.goto(`/payouts/${payout.reference}`);
  const thread = page.getByTestId("inquiry");
  await expect(thread).toContainText("Wann kommt mein Geld?");
  await markPage(page);

  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await signInStaff(agent, "SUPPORT");
  await agent.goto(`/admin/support/${inquiryId}`);
  const answer = `Ihre Auszahlung ist unterwegs (${randomUUID().slice(0, 8)}).`;
  await agent.getByLabel("Reply (in the customer's language)").fill(answer);
  await agent.getByRole("button", { name: "Send reply" }).click();
  await expect(agent.getByRole("status").filter({ hasText: "Sent." })).toBeVisible();

  await expect(thread).toContainText(answer, { timeout: 5_000 });
  await expect(thread.getByTestId("inquiry-status")).toHaveText("Beantwortet");
  expect(await stillOpen(page)).toBe(true);
  await agentContext.close();
});

test("an incident notice published and ended by an admin appears on and leaves an open payout page", async ({
  page,
  browser,
  makeCustomer,
  makePayout,
  signInAs,
  signInStaff,
}) => {
  // A notice for card payouts to Icelandic numbers only: no other spec's customer has one,
  // and it shifts no ETA, so it disturbs nobody running at the same time.
  const customer = await makeCustomer({ phone: "+3546111234" });
  const payout = await makePayout(customer.id, { stage: "PROCESSING", method: "CARD" });
  const text = `Card payouts to Iceland are slower today (${randomUUID().slice(0, 8)}).`;

  await signInAs(page, customer.id);
  await page.goto(`/payouts/${payout.reference}`);
  await expect(page.getByTestId("incident-notice")).toHaveCount(0);
  await markPage(page);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInStaff(admin, "ADMIN");
  await admin.goto("/admin/notices");
  await admin.locator('input[name="methods"][value="CARD"]').check();
  await admin.locator('input[name="countries"]').fill("IS");
  await admin.locator('textarea[name="messageEn"]').fill(text);
  await admin.locator('textarea[name="messageDe"]').fill(`Kartenauszahlungen nach Island dauern heute länger. ${text}`);
  await admin.getByRole("button", { name: "Publish notice" }).click();
  await expect(admin.getByTestId("notice-feedback")).toHaveText("Published.");

  await expect(page.getByTestId("incident-notice")).toContainText(text, { timeout: 5_000 });
  expect(await stillOpen(page)).toBe(true);

  // Ended (this notice's row, not another spec's), it leaves the open page too.
  await admin
    .getByTestId("notices-table")
    .locator("tbody tr")
    .filter({ hasText: text })
    .getByRole("button", { name: "End now" })
    .click();
  await expect(page.getByTestId("incident-notice")).toHaveCount(0, { timeout: 5_000 });
  expect(await stillOpen(page)).toBe(true);
  await adminContext.close();
});
