import { expect, test } from "./fixtures";

// The admin console speaks in words, answers by the form that was sent, and shows what it edits.
test.beforeEach(async ({ page, signInStaff }) => {
  await signInStaff(page);
});

/** A code as the database spells it: FASTER_PAYMENTS, TAKING_LONGER, UNDER_REVIEW. */
const RAW_CODE = /\b[A-Z]{2,}(?:_[A-Z]+)+\b/;

test("a payout's admin page names stages, methods, reasons and channels in words", async ({
  page,
  makeCustomer,
  makePayout,
}) => {
  const customer = await makeCustomer();
  const payout = await makePayout(customer.id, {
    stage: "UNDER_REVIEW",
    method: "FASTER_PAYMENTS",
    delay: "TAKING_LONGER",
  });

  await page.goto(`/admin/payouts/${payout.reference}`);
  await expect(page.getByTestId("admin-stage")).toHaveText("Approval review");
  await expect(page.getByTestId("admin-delayed")).toHaveText("yes (Taking longer than usual)");
  const main = page.getByRole("main");
  await expect(main).toContainText("Faster Payments");
  // Event ids are the only free text on the page; everything else is named.
  const text = await main.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const cell of copy.querySelectorAll("td.font-mono, option")) {
      cell.remove();
    }
    return copy.textContent ?? "";
  });
  expect(text).not.toMatch(RAW_CODE);

  await page.goto(`/admin/payouts?q=${encodeURIComponent(customer.email)}`);
  await expect(page.getByTestId("result-count")).toHaveText("1 payout · page 1 of 1");
  await expect(page.locator("tbody")).toContainText("Faster Payments");
  await expect(page.locator("tbody")).toContainText("Taking longer than usual");
  await expect(page.locator("tbody")).not.toContainText("FASTER_PAYMENTS");
});

test("moving a stage says Saved. in the stage form and empties its note", async ({
  page,
  makeCustomer,
  makePayout,
}) => {
  const customer = await makeCustomer();
  const payout = await makePayout(customer.id, { stage: "APPROVED" });

  await page.goto(`/admin/payouts/${payout.reference}`);
  const move = page.getByRole("form", { name: "Move stage" });
  const delay = page.getByRole("form", { name: "Delay" });
  await move.getByLabel("New stage").selectOption("PROCESSING");
  const note = move.getByLabel("Note shown to the customer (optional)");
  await note.fill("Your bank asked us to wait for the weekend.");
  await move.getByRole("button", { name: "Move stage" }).click();

  await expect(move.getByTestId("action-feedback")).toHaveText("Saved.");
  await expect(delay.getByTestId("action-feedback")).toHaveCount(0);
  await expect(page.getByTestId("admin-stage")).toHaveText("Processing");
  await expect(note).toHaveValue("");

  // The next answer appears by its own form, and the earlier one is gone.
  await delay.getByRole("button", { name: "Mark delayed" }).click();
  await expect(delay.getByTestId("action-feedback")).toHaveText("Choose a delay reason: customers see it.");
  await expect(move.getByTestId("action-feedback")).toHaveCount(0);
});

test("resetting a template puts the built-in text back in the box", async ({ page }) => {
  // The English email opening for a canceled payout: no other test reads it.
  await page.goto("/admin/templates?channel=EMAIL&topic=CANCELED&locale=en");
  const builtIn = ((await page.getByTestId("built-in").textContent()) ?? "").trim();
  const box = page.getByLabel("Text (Email · Stage: Canceled · English)");
  await expect(box).toHaveValue(builtIn);

  await box.fill("We stopped this payout at your request, {first_name}.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(page.getByTestId("template-state")).toHaveText("Customers now read your template.");

  await page.getByRole("button", { name: "Reset to the built-in text" }).click();
  await expect(page.getByTestId("template-state")).toHaveText("Customers now read the built-in text.");
  await expect(box).toHaveValue(builtIn);
  // The box holds the built-in text, so a second Save does not bring the custom text back.
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(page.getByTestId("template-preview")).not.toContainText("at your request");
  await page.reload();
  await expect(box).toHaveValue(builtIn);
  // Leave the built-in text in force for other runs.
  await page.getByRole("button", { name: "Reset to the built-in text" }).click();
  await expect(page.getByTestId("template-state")).toHaveText("Customers now read the built-in text.");
});

test("the dev outbox shows a long email whole, not cut off", async ({ page, makeCustomer, makePayout, db }) => {
  const customer = await makeCustomer();
  const payout = await makePayout(customer.id);
  const event = await db.payoutEvent.findFirstOrThrow({ where: { payoutId: payout.id }, select: { id: true } });
  // Wait for the worker to settle the email, then make it a long one recorded in the outbox.
  await expect
    .poll(async () => {
      const email = await db.notification.findUnique({
        where: { eventRowId_channel: { eventRowId: event.id, channel: "EMAIL" } },
        select: { status: true },
      });
      return email?.status;
    })
    .not.toMatch(/^(QUEUED|SENDING)$/);
  const paragraphs = Array.from({ length: 60 }, (_, i) => `<p>Paragraph ${i + 1} of the email.</p>`).join("");
  const email = await db.notification.update({
    where: { eventRowId_channel: { eventRowId: event.id, channel: "EMAIL" } },
    data: {
      status: "SENT",
      transport: "outbox",
      sentAt: new Date(),
      subject: "A long email",
      bodyText: "A long email",
      bodyHtml: `<!doctype html><html><body style="font-family:sans-serif">${paragraphs}<p id="last">The end.</p></body></html>`,
    },
    select: { id: true },
  });

  await page.goto(`/admin/outbox/${encodeURIComponent(email.id)}`);
  const frame = page.getByTestId("outbox-email-html");
  await expect(frame.contentFrame().locator("#last")).toHaveText("The end.");
  await expect
    .poll(() =>
      frame.evaluate((el) => {
        const iframe = el as HTMLIFrameElement;
        const doc = iframe.contentDocument?.documentElement;
        return doc ? iframe.clientHeight - doc.scrollHeight : -1;
      }),
    )
    .toBeGreaterThanOrEqual(0);
  // The frame runs no script and cannot navigate this page.
  await expect(frame).toHaveAttribute("sandbox", "allow-same-origin");
});
