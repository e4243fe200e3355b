import { randomInt } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

const uniquePhone = () => `+49151${String(randomInt(0, 100_000_000)).padStart(8, "0")}`;

async function linkFromInbox(inbox: (address: string) => Promise<{ text: string }[]>, address: string) {
  let link: string | undefined;
  await expect
    .poll(async () => {
      const mails = await inbox(address);
      link = mails.at(-1)?.text.match(/https?:\/\/\S+\/api\/auth\/callback\/email\S+/)?.[0];
      return link;
    })
    .toBeTruthy();
  return link as string;
}

async function askForLink(page: Page, address: string, button = "Send link") {
  await page.getByLabel("Email address").fill(address);
  await page.getByRole("button", { name: button }).click();
}

test("a customer signs in with a magic link from their email and sees only their payouts", async ({
  page,
  makeCustomer,
  makePayout,
  inbox,
  checkA11y,
}) => {
  const customer = await makeCustomer({ locale: "de" });
  const payout = await makePayout(customer.id, { stage: "PROCESSING" });

  // Signed out, the payout page asks for a sign-in and comes back afterwards.
  await page.goto(`/payouts/${payout.reference}`);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await checkA11y(page);
  // The page speaks the browser's language; the email the customer's own.
  await askForLink(page, customer.email);
  await expect(page.getByRole("status").filter({ hasText: "a sign-in link is on its way" })).toBeVisible();

  const link = await linkFromInbox(inbox, customer.email);
  const mail = (await inbox(customer.email)).at(-1);
  expect(mail?.subject).toBe("Ihr Anmeldelink für Payout Tracker");
  await page.goto(link);
  await expect(page).toHaveURL(new RegExp(`/payouts/${payout.reference}$`));
  await expect(page.getByText(payout.reference).first()).toBeVisible();

  // The link worked once.
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page).toHaveURL(/\/sign-in\/link-problem/);
  await expect(page.getByRole("heading", { name: "This sign-in link does not work" })).toBeVisible();
});

test("an unknown address gets the same answer and no email", async ({ page, makeCustomer, inbox }) => {
  const customer = await makeCustomer();
  const address = `nobody.${randomInt(0, 1e9)}@example.com`;
  const answerTo = async (email: string) => {
    await page.goto("/sign-in");
    await askForLink(page, email);
    const answer = page.getByRole("status").filter({ hasText: email });
    await expect(answer).toBeVisible();
    return (await answer.textContent())?.replace(email, "<address>");
  };
  const unknownAnswer = await answerTo(address);
  expect(unknownAnswer).toContain("If <address> belongs to an account");
  // A customer asks next: the same answer, and their link arrives — sent after the answer,
  // as a link to the unknown address would have been.
  expect(await answerTo(customer.email)).toBe(unknownAnswer);
  await linkFromInbox(inbox, customer.email);
  expect(await inbox(address)).toEqual([]);
});

test("a forged magic link does not sign anyone in", async ({ page, makeCustomer }) => {
  const customer = await makeCustomer();
  await page.goto(
    `/api/auth/callback/email?token=${"ab".repeat(32)}&email=${encodeURIComponent(customer.email)}&callbackUrl=%2Fpayouts`,
  );
  await expect(page).toHaveURL(/\/sign-in\/link-problem/);
  await page.goto("/payouts");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a customer signs in with an SMS code; five wrong codes lock the number", async ({
  page,
  browser,
  makeCustomer,
  makePayout,
  smsBox,
}) => {
  const phone = uniquePhone();
  const customer = await makeCustomer({ phone });
  const payout = await makePayout(customer.id);

  await page.goto("/sign-in");
  await page.getByLabel("Mobile number").fill(phone.replace("+49", "0"));
  await page.getByRole("button", { name: "Send code" }).click();
  await expect(page.getByText(`If ${phone} belongs to an account, a code is on its way`)).toBeVisible();
  let code: string | undefined;
  await expect
    .poll(async () => {
      code = (await smsBox(phone)).at(0)?.body.match(/^(\d{6}) is your Payout Tracker sign-in code/)?.[1];
      return code;
    })
    .toBeTruthy();
  await page.getByLabel("6-digit code").fill(code as string);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/payouts$/);
  await expect(page.getByText(payout.reference)).toBeVisible();

  // Somebody else guesses at the same number.
  const other = await (await browser.newContext()).newPage();
  await other.goto("/sign-in");
  await other.getByLabel("Mobile number").fill(phone);
  await other.getByRole("button", { name: "Send code" }).click();
  const codeField = other.getByLabel("6-digit code");
  for (let left = 4; left >= 1; left--) {
    await codeField.fill("000000" === code ? "111111" : "000000");
    await other.getByRole("button", { name: "Sign in" }).click();
    await expect(other.getByRole("main").getByRole("alert")).toContainText(
      `${left} ${left === 1 ? "try" : "tries"} left`,
    );
  }
  await codeField.fill("000000" === code ? "111111" : "000000");
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByRole("main").getByRole("alert")).toContainText(
    "Too many wrong codes. This number is locked; try again in 15 minutes.",
  );
  // Even the right code is refused now.
  const fresh = (await smsBox(phone)).at(0)?.body.slice(0, 6) ?? "";
  await codeField.fill(fresh);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByRole("main").getByRole("alert")).toContainText("This number is locked");
  await expect(other).toHaveURL(/\/sign-in$/);
});

test("signed out, admin pages send staff to the staff sign-in, which never mails a customer", async ({
  page,
  makeCustomer,
  inbox,
  checkA11y,
  db,
}) => {
  const customer = await makeCustomer();
  const staff = await db.staffUser.create({
    data: { email: `ops.${randomInt(0, 1e9)}@example.com`, name: "Olga Ops", role: "SUPPORT" },
  });
  await page.goto("/admin/payouts");
  await expect(page).toHaveURL(/\/sign-in\/staff/);
  await checkA11y(page);
  await askForLink(page, customer.email);
  await expect(page.getByRole("status").filter({ hasText: customer.email })).toContainText("belongs to an account");
  // A staff member asks next on the same page: their link arrives (sent after the answer, as
  // a link to the customer would have been), the customer's never does.
  await askForLink(page, staff.email);
  await expect(page.getByRole("status").filter({ hasText: staff.email })).toContainText("belongs to an account");
  await linkFromInbox(inbox, staff.email);
  expect(await inbox(customer.email)).toEqual([]);
  const upload = await page.request.post("/admin/backfill/upload", {
    headers: { origin: new URL(page.url()).origin },
    multipart: { file: { name: "x.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n") } },
  });
  expect(upload.status()).toBe(404);
});

test("an admin invites a support agent, who signs in by magic link and cannot do admin work", async ({
  page,
  browser,
  signInStaff,
  makeCustomer,
  makePayout,
  inbox,
}) => {
  const address = `agent.${randomInt(0, 1e9)}@example.com`;
  await signInStaff(page, "ADMIN");
  await page.goto("/admin/staff");
  await page.getByLabel("Email").fill(address);
  await page.getByLabel("Name").fill("Sam Support");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Invited" })).toBeVisible();
  await expect(page.getByTestId("staff-table")).toContainText(address);
  await expect.poll(async () => (await inbox(address)).at(-1)?.subject).toBe("You have been invited to Payout Tracker");

  const agent = await (await browser.newContext()).newPage();
  await agent.goto("/sign-in/staff");
  await askForLink(agent, address);
  const link = await linkFromInbox(inbox, address);
  await agent.goto(link);
  await expect(agent).toHaveURL(/\/admin\/payouts$/);
  await expect(agent.getByTestId("staff-who")).toContainText(`${address} · Support`);

  // SUPPORT reads payouts without the admin forms; the admin's own server action, replayed
  // with the agent's session, is refused by the action itself and changes nothing.
  const customer = await makeCustomer();
  const payout = await makePayout(customer.id);
  await agent.goto(`/admin/payouts/${payout.reference}`);
  await expect(agent.getByText(payout.reference).first()).toBeVisible();
  await expect(agent.getByLabel("New stage")).toHaveCount(0);

  await page.goto(`/admin/payouts/${payout.reference}`);
  const [actionRequest] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"])),
    page
      .getByLabel("New stage")
      .selectOption("VERIFYING")
      .then(() => page.getByRole("button", { name: "Move stage" }).click()),
  ]);
  await expect(page.getByTestId("action-feedback")).toContainText("Saved.");
  const replayed = await agent.request.post(actionRequest.url(), {
    headers: {
      "next-action": actionRequest.headers()["next-action"] ?? "",
      "content-type": actionRequest.headers()["content-type"] ?? "text/plain;charset=UTF-8",
      origin: new URL(actionRequest.url()).origin,
    },
    data: (actionRequest.postData() ?? "").replaceAll("VERIFYING", "FAILED"),
  });
  expect(await replayed.text()).toContain("This needs the ADMIN role.");
  await agent.reload();
  await expect(agent.getByText("FAILED")).toHaveCount(0);
  const upload = await agent.request.post("/admin/backfill/upload", {
    headers: { origin: new URL(agent.url()).origin },
    multipart: { file: { name: "x.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n") } },
  });
  expect(upload.status()).toBe(403);
  await agent.goto("/admin/staff");
  await expect(agent.getByText("Only admins can invite staff or change roles.")).toBeVisible();
});
