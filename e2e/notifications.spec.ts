import { randomInt } from "node:crypto";
import { expect, test } from "./fixtures";

// The admin pages need a staff session: the seeded demo admin.
test.beforeEach(async ({ page, signInStaff }) => {
  await signInStaff(page);
});

// A UK number from Ofcom's range for drama (+44 7700 900xxx), one per test so SMS never mix.
const testPhone = () => `+447700${String(randomInt(900000, 999999))}`;

const CASES = [
  {
    locale: "en" as const,
    subject: "has been sent",
    smsText: "has been sent",
    heading: "Track your payout",
    emailLabel: /Email (sent|delivered)/,
    smsLabel: /SMS delivered/,
  },
  {
    locale: "de" as const,
    subject: "wurde überwiesen",
    smsText: "wurde überwiesen",
    heading: "Auszahlung verfolgen",
    emailLabel: /E-Mail (gesendet|zugestellt)/,
    smsLabel: /SMS zugestellt/,
  },
];

for (const c of CASES) {
  test(`an admin moves a stage; the ${c.locale} customer gets email and SMS, and the page shows both arrived`, async ({
    page,
    browser,
    makeCustomer,
    makePayout,
    signInAs,
    inbox,
    smsBox,
    checkA11y,
  }) => {
    const phone = testPhone();
    const customer = await makeCustomer({ locale: c.locale, timeZone: "Europe/Berlin", phone, smsAlways: true });
    const payout = await makePayout(customer.id, { stage: "APPROVED" });

    // The customer has the payout page open while the admin works.
    const customerContext = await browser.newContext();
    const customerPage = await customerContext.newPage();
    await signInAs(customerPage, customer.id);
    await customerPage.goto(`/payouts/${payout.reference}`);
    await expect(customerPage.getByTestId("stage-chip")).not.toHaveText(/Sent|Überwiesen/);

    await page.goto(`/admin/payouts/${payout.reference}`);
    await page.getByLabel("New stage").selectOption("SENT");
    await page.getByRole("button", { name: "Move stage" }).click();
    await expect(page.getByTestId("action-feedback")).toHaveText("Saved.");

    // The open page shows the new stage without a reload (server-sent events).
    await expect(customerPage.getByTestId("stage-chip")).toHaveText(c.locale === "de" ? "Überwiesen" : "Sent", {
      timeout: 5_000,
    });

    // The email: once, in the customer's language, with the reference, the tracking link and an unsubscribe header.
    await expect
      .poll(async () => (await inbox(customer.email)).filter((m) => m.subject.includes(c.subject)).length, {
        timeout: 10_000,
      })
      .toBe(1);
    const mail = (await inbox(customer.email)).find((m) => m.subject.includes(c.subject));
    expect(mail?.subject).toContain(payout.reference);
    expect(mail?.text).toContain(c.heading);
    const trackingUrl = mail?.text.match(/http:\/\/127\.0\.0\.1:\d+\/t\/[A-Za-z0-9_-]{22}/)?.[0];
    expect(trackingUrl, "a tracking link in the email").toBeTruthy();
    expect(mail?.html).toContain(`lang="${c.locale}"`);
    expect(mail?.headers["list-unsubscribe"]).toContain("/preferences");

    // The SMS: through the Twilio API, once, delivered (the fake calls our status webhook).
    await expect
      .poll(async () => (await smsBox(phone)).filter((m) => m.body.includes(c.smsText)).length, { timeout: 10_000 })
      .toBe(1);
    const sms = (await smsBox(phone)).find((m) => m.body.includes(c.smsText));
    expect(sms?.body).toContain(payout.reference);

    // Proof on the payout page: this event's email sent and SMS delivered.
    const log = customerPage.getByTestId("notification-log");
    await expect(async () => {
      await customerPage.reload();
      await expect(log.getByTestId("notification-sms").first()).toHaveText(c.smsLabel, { timeout: 1_000 });
    }).toPass({ timeout: 10_000 });
    await expect(log.getByTestId("notification-email").first()).toHaveText(c.emailLabel);
    await customerContext.close();

    // Support sees the same proof beside the event in the admin console.
    await page.reload();
    const messages = page.getByTestId("admin-notifications").first();
    await expect(messages).toContainText(/Email (sent|delivered)/);
    await expect(messages).toContainText("SMS delivered");

    // The email's tracking link opens the payout read-only, without signing in, in the customer's language.
    const stranger = await browser.newContext();
    const linkPage = await stranger.newPage();
    await linkPage.goto(trackingUrl as string);
    await expect(linkPage.locator("html")).toHaveAttribute("lang", c.locale);
    await expect(linkPage.getByTestId("tracking-greeting")).toContainText(
      c.locale === "de" ? "Hallo Grace" : "Hello Grace",
    );
    await expect(linkPage.getByTestId("stage-chip")).toHaveText(c.locale === "de" ? "Überwiesen" : "Sent");
    await checkA11y(linkPage);

    // An admin revokes the payout's links: the same link now opens nothing about the payout.
    await page.getByRole("button", { name: "Revoke all tracking links" }).click();
    await expect(page.getByTestId("links-feedback")).toContainText("Revoked");
    await linkPage.reload();
    await expect(linkPage.getByTestId("link-gone")).toBeVisible();
    await expect(linkPage.getByTestId("stage-chip")).toHaveCount(0);
    await stranger.close();
  });
}
