import { expect, test } from "./fixtures";

// A fresh start's screens (the e2e server seeds scale 1, as npm start does): the seeded
// history gives the KPI page numbers in every recent week, and the other screens rows.

test("the KPI page shows numbers for the last weeks, what customers asked about, delay reasons and past alerts", async ({
  page,
  signInStaff,
  checkA11y,
}) => {
  await signInStaff(page);
  await page.goto("/admin/kpis");
  const rows = page.getByTestId("kpi-table").locator("tbody tr");
  await expect(rows).toHaveCount(8);
  // The seven complete weeks (the current one may have just begun): questions, response and
  // handling times and first-contact resolution in every one, survey scores in nearly all.
  let csat = 0;
  let nps = 0;
  for (let week = 0; week < 7; week++) {
    const cells = rows.nth(week).locator("td");
    expect(Number(await cells.nth(1).textContent())).toBeGreaterThan(0);
    for (const column of [2, 3, 4]) {
      await expect(cells.nth(column)).toHaveText(/^\d/);
    }
    csat += /^\d/.test((await cells.nth(5).textContent()) ?? "") ? 1 : 0;
    nps += /^-?\d/.test((await cells.nth(6).textContent()) ?? "") ? 1 : 0;
  }
  expect(csat).toBeGreaterThanOrEqual(6);
  expect(nps).toBeGreaterThanOrEqual(5);
  await expect(page.getByTestId("kpi-frt").locator("svg text").first()).toHaveText(/\d/);
  await expect(page.getByTestId("inquiry-causes").locator("tbody tr").first()).toContainText("Where is my money?");
  await expect(page.getByTestId("delay-reasons").locator("tbody tr").first()).toBeVisible();
  await expect(page.getByTestId("alerts")).toContainText("SEPA:");
  await expect(page.getByTestId("alerts")).toContainText("Notifications:");
  await checkA11y(page);
});

test("the other screens of a fresh start have their history: messages and a thread for Dana Demo, the staff's pages", async ({
  page,
  browser,
  db,
  signInAs,
  signInStaff,
}) => {
  const dana = await db.customer.findUniqueOrThrow({
    where: { externalId: "cus_demo" },
    include: { payouts: { select: { reference: true, id: true } }, inquiries: { select: { payoutId: true } } },
  });
  await signInAs(page, dana.id);
  const asked = dana.payouts.find((p) => dana.inquiries.some((i) => i.payoutId === p.id));
  expect(asked).toBeDefined();
  await page.goto(`/payouts/${asked?.reference}`);
  await expect(page.getByTestId("notification-log").getByTestId("notification-event").first()).toBeVisible();
  await expect(page.getByTestId("inquiries").getByTestId("inquiry-status").first()).toBeVisible();

  const admin = await (await browser.newContext()).newPage();
  await signInStaff(admin);
  await admin.goto("/admin/support?status=ALL");
  await expect(admin.getByTestId("support-queue").getByRole("link").first()).toBeVisible();
  await admin.goto("/admin/audit");
  await expect(admin.getByTestId("audit-table").locator("tbody tr").first()).toContainText("admin@example.com");
  await admin.goto("/admin/templates");
  await expect(admin.getByTestId("template-history")).toContainText("(reset to the built-in text)");
  await admin.goto("/admin/notices");
  await expect(admin.getByTestId("notices-table").locator("tbody tr").first()).toBeVisible();
  await admin.goto("/admin/faq");
  const reads = await admin.getByTestId("faq-stats").locator("tbody tr td:nth-child(4)").allTextContents();
  expect(reads.some((n) => Number(n) > 0)).toBe(true);
});
