import { expect, test } from "./fixtures";

// German is longer than English: on a 360 px phone nothing is cut off or starts a line with a dot.
test("in German on a 360 px phone the demo bar's button fits and the message log wraps cleanly", async ({
  page,
  makeCustomer,
  makePayout,
  signInAs,
}) => {
  const customer = await makeCustomer({
    locale: "de",
    name: "Maximiliane Mustermann-Oberhuber",
    timeZone: "Europe/Berlin",
  });
  const payout = await makePayout(customer.id, { stage: "UNDER_REVIEW" });
  await signInAs(page, customer.id);

  await page.goto(`/payouts/${payout.reference}`);
  const button = page.getByRole("button", { name: "Wechseln" });
  await expect(button).toBeVisible();
  const box = await button.boundingBox();
  const width = page.viewportSize()?.width ?? 360;
  expect(box).not.toBeNull();
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

  // The zone sentence holds for any zone name; the two review steps read differently.
  await expect(page.getByText("Alle Uhrzeiten in Ihrer Zeitzone: Mitteleuropäische Zeit.")).toBeVisible();
  await expect(page.getByTestId("timeline")).toContainText("Angaben werden geprüft");
  await expect(page.getByTestId("timeline")).toContainText("Freigabeprüfung");

  // "·" separates the channels at the end of the item before it, never at the start of one.
  const items = page.getByTestId("notification-event").first().locator("li");
  await expect(items.first()).toBeVisible();
  const separators = await items.evaluateAll((lis) =>
    lis.map((li) => ({
      before: getComputedStyle(li, "::before").content,
      after: getComputedStyle(li, "::after").content,
    })),
  );
  for (const [i, s] of separators.entries()) {
    expect(s.before).toBe("none");
    expect(s.after).toBe(i < separators.length - 1 ? '"·"' : "none");
  }
});
