import en from "../messages/en.json" with { type: "json" };
import { expect, test } from "./fixtures";

const ROW = `${en.stages.RETURNED.label} · ${en.admin.reason.OTHER}`;
const BUILT_IN_NEXT = en.guidance.RETURNED.next;
const BUILT_IN_LABEL = en.guidance.RETURNED.action;

// /admin/actions (issue 14 point 2): admins edit what customers read about a stopped payout
// and where its button leads. It edits RETURNED · Other only, and resets it at the end:
// guidance is global, and other specs read the built-ins of the common rows.

test("an admin edits a reason's guidance with a live link preview, saves it and resets it", async ({
  page,
  signInStaff,
}) => {
  await signInStaff(page);
  await page.goto("/admin/actions");
  await expect(page.getByRole("heading", { level: 1, name: "Customer guidance" })).toBeVisible();
  await expect(page.getByTestId("guidance-FAILED")).toContainText(en.guidance.FAILED.whereMoney);
  await expect(page.getByTestId("guidance-FAILED")).toContainText(en.guidance.FAILED.reasons.INVALID_ACCOUNT.next);

  await page.getByRole("link", { name: `Edit ${ROW}` }).click();
  await expect(page.getByRole("heading", { level: 2, name: ROW })).toBeVisible();
  const next = page.getByLabel("What happens next (English)");
  await expect(next).toHaveAttribute("placeholder", BUILT_IN_NEXT);
  await next.fill("Call us on the number in your contract.");

  const link = page.getByLabel("Default link (used when the payout system sent none)");
  await link.fill("http://127.0.0.1/help?ref={reference}");
  await expect(page.locator("#link-check")).toContainText("must be an https:// URL");
  await link.fill("https://127.0.0.1/help?ref={reference}&id={external_id}");
  await expect(page.getByTestId("link-preview")).toContainText(/https:\/\/127\.0\.0\.1\/help\?ref=PT-[0-9A-Z]{8}&id=/);
  await expect(page.getByTestId("link-preview")).toContainText(BUILT_IN_LABEL);

  const editor = page.locator("#editor");
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor.getByRole("status")).toHaveText("Saved. Customers read it from now on.");
  const row = page.getByTestId("guidance-RETURNED").locator('tr[data-reason="OTHER"]');
  await expect(row).toContainText("custom");
  await expect(row).toContainText("Call us on the number in your contract.");
  await expect(row).toContainText("https://127.0.0.1/help?ref=PT-7K3M9Q2X&id=po_123");

  await editor.getByRole("button", { name: "Reset to the built-in texts" }).click();
  await expect(editor.getByRole("status")).toHaveText("Reset. Customers read the built-in texts again.");
  await expect(next).toHaveValue("");
  await expect(link).toHaveValue("");
  await expect(row).not.toContainText("custom");
  await expect(row).toContainText(BUILT_IN_NEXT);
});

test("support agents cannot see or change customer guidance", async ({ page, signInStaff }) => {
  await signInStaff(page, "SUPPORT");
  await page.goto("/admin/actions?stage=FAILED&reason=INVALID_ACCOUNT");
  await expect(page.getByText("Only admins can see and change customer guidance.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
});
