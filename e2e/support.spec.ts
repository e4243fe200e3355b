import { expect, test } from "./fixtures";

test("a customer asks about a payout; a support agent replies from a canned answer; the customer gets the email and reads it", async ({
  page,
  browser,
  db,
  makeCustomer,
  makePayout,
  signInAs,
  signInStaff,
  inbox,
  checkA11y,
}) => {
  test.setTimeout(120_000); // the reply email may need a retry of the worker's job
  const customer = await makeCustomer({ locale: "de", name: "Greta Gruber" });
  const payout = await makePayout(customer.id, { stage: "PROCESSING", delay: "BANK_HOLIDAY" });
  await signInAs(page, customer.id);
  await page.goto(`/payouts/${payout.reference}`);

  const section = page.getByTestId("inquiries");
  // Help for the payout's stage and its delay comes first; opening an entry is counted.
  await expect(section.getByTestId("faq").locator("summary")).toHaveText([
    "Warum dauert die Bearbeitung?",
    "Was ändert ein Bankfeiertag?",
  ]);
  // The seeded history has reads of its own: this one adds one.
  const readsBefore = await db.faqRead.count({ where: { faq: { question: "Was ändert ein Bankfeiertag?" } } });
  await section.getByText("Was ändert ein Bankfeiertag?").click();
  await expect(section.getByText("An Bankfeiertagen bewegen Banken kein Geld.", { exact: false })).toBeVisible();
  // A message that is too short is refused with the reason.
  await section.getByLabel("Worum geht es?").selectOption("WHERE_IS_MY_MONEY");
  await section.getByLabel("Ihre Nachricht").fill("Hm");
  await section.getByRole("button", { name: "Frage senden" }).click();
  await expect(section.getByRole("alert")).toHaveText("Bitte schreiben Sie mindestens 5 Zeichen.");
  await section.getByLabel("Ihre Nachricht").fill("Wann kommt mein Geld an?");
  await section.getByRole("button", { name: "Frage senden" }).click();
  await expect(section.getByRole("status").filter({ hasText: "Danke." })).toBeVisible();
  await expect(section.getByTestId("inquiry-status")).toHaveText("Wartet auf unsere Antwort");
  await checkA11y(page);

  const agent = await (await browser.newContext()).newPage();
  await signInStaff(agent, "SUPPORT");
  await agent.goto("/admin/support");
  // Delayed payouts come before calm ones; this one is in the queue.
  await agent.getByTestId("support-queue").getByRole("link", { name: "Greta Gruber" }).first().click();
  await expect(agent.getByTestId("thread")).toContainText("Wann kommt mein Geld an?");
  await expect(agent.getByTestId("customer-history")).toContainText(payout.reference);
  await agent.getByLabel("Start from a canned reply").selectOption({ label: "Bank holiday" });
  await expect(agent.getByLabel("Reply (in the customer's language)")).toHaveValue(/^Ein Bankfeiertag verzögert/);
  await agent.getByRole("button", { name: "Send reply" }).click();
  await expect(agent.getByRole("status").filter({ hasText: "Sent." })).toBeVisible();
  await expect(agent.getByTestId("staff-inquiry-status")).toHaveText("Answered");

  // Sent by the worker's job; a first try the mail server refuses is retried with backoff.
  await expect
    .poll(async () => (await inbox(customer.email)).find((m) => m.subject.startsWith("Antwort"))?.subject, {
      timeout: 60_000,
    })
    .toBe(`Antwort auf Ihre Frage zur Auszahlung ${payout.reference}`);
  const mail = (await inbox(customer.email)).find((m) => m.subject.startsWith("Antwort"));
  expect(mail?.text).toContain("Hallo Greta,");
  expect(mail?.text).toContain("Ein Bankfeiertag verzögert die Überweisung.");

  await page.reload();
  await expect(section.getByTestId("inquiry-status")).toHaveText("Beantwortet");
  await agent.goto("/admin/faq");
  const readRow = agent.getByTestId("faq-stats").getByRole("row").filter({ hasText: "Was ändert ein Bankfeiertag?" });
  await expect(readRow.locator("td").nth(3)).toHaveText(String(readsBefore + 1));
  await expect(section.getByTestId("inquiry")).toContainText("Auszahlungs-Support");
  await expect(section.getByTestId("inquiry")).toContainText("Ein Bankfeiertag verzögert die Überweisung.");
});
