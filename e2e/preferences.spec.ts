import { expect, test } from "./fixtures";

const SAME_TIME_ERROR = "Quiet hours must end at a different time than they start.";

test("a customer turns SMS off and sets quiet hours 22:00–07:00; both are kept after a reload", async ({
  page,
  makeCustomer,
  signInAs,
  db,
}) => {
  const customer = await makeCustomer();
  await signInAs(page, customer.id);

  await page.goto("/payouts");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Notifications" }).click();
  await expect(page).toHaveURL(/\/preferences$/);
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  const save = page.getByRole("button", { name: "Save" });
  await expect(save).toBeEnabled(); // the form has hydrated

  const sms = page.getByRole("group", { name: "Text messages (SMS)" });
  await sms.getByRole("radio", { name: "Off", exact: true }).check();
  const quiet = page.getByRole("group", { name: "Quiet hours" });
  await quiet.getByRole("checkbox", { name: "Hold text messages during quiet hours" }).check();
  await quiet.getByLabel("From", { exact: true }).fill("22:00");
  await quiet.getByLabel("Until", { exact: true }).fill("07:00");
  await save.click();

  const status = page.getByTestId("preferences-status");
  await expect(status).toHaveAttribute("role", "status");
  await expect(status).toHaveText("Your settings are saved.");
  expect(
    await db.customer.findUniqueOrThrow({
      where: { id: customer.id },
      select: { emailLevel: true, smsLevel: true, quietHoursStart: true, quietHoursEnd: true },
    }),
  ).toEqual({ emailLevel: "ALL", smsLevel: "NONE", quietHoursStart: 22 * 60, quietHoursEnd: 7 * 60 });

  await page.reload();
  await expect(page.getByRole("button", { name: "Save" })).toBeEnabled();
  await expect(sms.getByRole("radio", { name: "Off", exact: true })).toBeChecked();
  await expect(page.getByRole("group", { name: "Email" }).getByRole("radio", { name: "Every update" })).toBeChecked();
  await expect(quiet.getByRole("checkbox", { name: "Hold text messages during quiet hours" })).toBeChecked();
  await expect(quiet.getByLabel("From", { exact: true })).toHaveValue("22:00");
  await expect(quiet.getByLabel("Until", { exact: true })).toHaveValue("07:00");
});

test("quiet hours that start and end at the same time are refused with a field error", async ({
  page,
  makeCustomer,
  signInAs,
  db,
}) => {
  const customer = await makeCustomer();
  await signInAs(page, customer.id);
  await page.goto("/preferences");
  const save = page.getByRole("button", { name: "Save" });
  await expect(save).toBeEnabled();

  const quiet = page.getByRole("group", { name: "Quiet hours" });
  await quiet.getByRole("checkbox", { name: "Hold text messages during quiet hours" }).check();
  await quiet.getByLabel("From", { exact: true }).fill("22:00");
  const until = quiet.getByLabel("Until", { exact: true });
  await until.fill("22:00");
  await save.click();

  await expect(page.getByTestId("preferences-status")).toHaveText("Not saved: please check the marked fields.");
  await expect(page.getByText(SAME_TIME_ERROR)).toBeVisible();
  await expect(until).toHaveAttribute("aria-invalid", "true");
  await expect(until).toHaveAccessibleDescription(new RegExp(SAME_TIME_ERROR.replace(".", "\\.")));
  await expect(until).toBeFocused();
  // Nothing was saved: the defaults (21:00–08:00) stand.
  expect(
    await db.customer.findUniqueOrThrow({
      where: { id: customer.id },
      select: { quietHoursStart: true, quietHoursEnd: true },
    }),
  ).toEqual({ quietHoursStart: 21 * 60, quietHoursEnd: 8 * 60 });
});

test("a German customer who replied STOP reads how to get text messages again", async ({
  page,
  makeCustomer,
  signInAs,
  db,
}) => {
  const customer = await makeCustomer({ locale: "de", timeZone: "Europe/Berlin" });
  await db.customer.update({ where: { id: customer.id }, data: { smsOptedOutAt: new Date() } });
  await signInAs(page, customer.id);

  await page.goto("/preferences");
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page.getByRole("heading", { level: 1, name: "Benachrichtigungen" })).toBeVisible();
  const notice = page.getByTestId("sms-opted-out");
  await expect(notice).toContainText("Sie haben unsere SMS abbestellt");
  await expect(notice).toContainText("START");
  await expect(page.getByRole("group", { name: "SMS" })).toHaveAccessibleDescription(/START/);
});

test("the payout page lists what we sent on each channel and links to the preferences", async ({
  page,
  makeCustomer,
  makePayout,
  signInAs,
  db,
}) => {
  const customer = await makeCustomer();
  const payout = await makePayout(customer.id);
  // Settle both messages as a worker would have, whatever the e2e server's worker got to first.
  const event = await db.payoutEvent.findFirstOrThrow({
    where: { payoutId: payout.id },
    select: { id: true, occurredAt: true },
  });
  await db.notification.update({
    where: { eventRowId_channel: { eventRowId: event.id, channel: "EMAIL" } },
    data: { status: "SENT", transport: "outbox", sentAt: event.occurredAt },
  });
  await db.notification.update({
    where: { eventRowId_channel: { eventRowId: event.id, channel: "SMS" } },
    data: { status: "SUPPRESSED", suppressedReason: "PREFERENCES" },
  });
  await signInAs(page, customer.id);

  await page.goto(`/payouts/${payout.reference}`);
  const log = page.getByTestId("notification-log");
  await expect(log.getByRole("heading", { name: "Messages we sent you" })).toBeVisible();
  await expect(log.getByTestId("notification-event")).toHaveCount(1);
  await expect(log.getByTestId("notification-event")).toContainText("Requested");
  await expect(log.getByTestId("notification-email")).toHaveText(/^Email sent at \d{2}:\d{2}$/);
  await expect(log.getByTestId("notification-sms")).toHaveText("SMS not sent (your settings)");

  await log.getByRole("link", { name: "Choose which messages you get" }).click();
  await expect(page).toHaveURL(/\/preferences$/);
});
