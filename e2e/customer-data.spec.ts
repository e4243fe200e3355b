import { expect, test } from "./fixtures";

// Issue 16: an admin exports a customer's data and erases the customer; SUPPORT cannot.

test("an admin downloads a customer's data and erases the customer", async ({
  page,
  browser,
  makeCustomer,
  makePayout,
  signInStaff,
  signInAs,
  db,
}) => {
  await signInStaff(page);
  const customer = await makeCustomer({ name: "Erin Erasure" });
  const payout = await makePayout(customer.id, { stage: "PROCESSING" });
  const customerContext = await browser.newContext();
  const customerPage = await customerContext.newPage();
  await signInAs(customerPage, customer.id);
  await customerPage.goto(`/payouts/${payout.reference}`);
  await expect(customerPage.getByTestId("stage-chip")).toBeVisible();

  await page.goto(`/admin/customers?q=${encodeURIComponent(customer.email)}`);
  await page.getByRole("link", { name: "Erin Erasure" }).click();
  await expect(page.getByTestId("customer-facts")).toContainText(customer.email);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download data (JSON)" }).click(),
  ]);
  const data = JSON.parse(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString()));
  expect(data.customer).toMatchObject({ name: "Erin Erasure", email: customer.email });
  expect(data.payouts[0].reference).toBe(payout.reference);

  const externalId = (await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).externalId;
  const erase = page.getByRole("button", { name: "Erase this customer" });
  await expect(erase).toBeDisabled();
  await page.getByLabel(/Type the external id/).fill(externalId);
  await erase.click();
  // The page shows the erased customer (the form and its feedback may already have given way to it).
  await expect(page.getByTestId("erased-note")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Erased customer");
  await expect(page.getByTestId("customer-facts")).not.toContainText(customer.email);

  // the customer's session ended with the erasure
  await customerPage.goto(`/payouts/${payout.reference}`);
  await expect(customerPage).toHaveURL(/sign-in/);
  await customerContext.close();

  // audited, without the erased data
  await page.goto("/admin/audit?action=CUSTOMER_ERASED");
  const entry = page.getByRole("row").filter({ hasText: `Customer ${externalId}` });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText("Customer erased");
  await expect(entry).not.toContainText(customer.email);
  await page.goto("/admin/audit?action=CUSTOMER_EXPORTED");
  const exported = page.getByRole("row").filter({ hasText: `Customer ${externalId}` });
  await expect(exported).toHaveCount(1);
  await expect(exported).toContainText("Customer data exported");
  // the entry leads to the customer
  await page.getByRole("link", { name: `Customer ${externalId}` }).click();
  await expect(page).toHaveURL(/\/admin\/customers\?q=/);
  await expect(page.getByTestId("customers-table").getByRole("link", { name: "Erased customer" })).toHaveCount(1);
  expect(await db.payout.count({ where: { id: payout.id } })).toBe(1);
});

test("support staff cannot see or export customer data", async ({ page, signInStaff, makeCustomer, request }) => {
  await signInStaff(page, "SUPPORT");
  const customer = await makeCustomer();
  await page.goto("/admin/customers");
  await expect(page.getByRole("alert").filter({ hasText: "Only admins" })).toHaveText(
    "Only admins can export or erase a customer's data.",
  );
  const response = await page.goto(`/admin/customers/${customer.id}`);
  expect(response?.status()).toBe(404);
  const cookies = await page.context().cookies();
  const exported = await request.get(`/admin/customers/${customer.id}/export`, {
    headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
  });
  expect(exported.status()).toBe(404);
});

test("health and metrics answer over HTTP with a request id", async ({ request }) => {
  const health = await request.get("/api/health", { headers: { "x-request-id": "e2e-health-1" } });
  expect(health.status()).toBe(200);
  expect(health.headers()["x-request-id"]).toBe("e2e-health-1");
  expect(await health.json()).toMatchObject({ database: "ok", migrations: { pending: [] } });
  const metrics = await request.get("/metrics");
  expect(metrics.status()).toBe(200);
  expect(await metrics.text()).toContain("payout_tracker_http_requests_total");
  // the ids proxy.ts makes are UUIDs
  const page = await request.get("/about");
  expect(page.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});
