import { expect, test } from "./fixtures";

// public/: what a browser, a phone's home screen and a search engine ask for by name.

test("robots.txt keeps the tracking and survey links and the signed-in pages out of search engines", async ({
  request,
}) => {
  const response = await request.get("/robots.txt");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/plain");
  const rules = (await response.text()).split("\n").map((line) => line.trim());
  for (const path of ["/t/", "/f/", "/payouts", "/admin", "/api/"]) {
    expect(rules, path).toContain(`Disallow: ${path}`);
  }
  expect(rules).toContain("User-agent: *");
});

test("every page names its icons and manifest, and each of them is served", async ({ page, request }) => {
  await page.goto("/sign-in");
  const links = await page
    .locator('head link[rel="icon"], head link[rel="apple-touch-icon"], head link[rel="manifest"]')
    .evaluateAll((nodes) => nodes.map((node) => `${node.getAttribute("rel")} ${node.getAttribute("href")}`));
  expect(links).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^icon \/favicon\.ico/),
      expect.stringMatching(/^icon \/icon\.svg/),
      expect.stringMatching(/^apple-touch-icon \/apple-touch-icon\.png/),
      "manifest /manifest.webmanifest",
    ]),
  );

  const favicon = await request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect((await favicon.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0])); // an ICO header

  const manifest = await request.get("/manifest.webmanifest");
  expect(manifest.status()).toBe(200);
  const parsed = (await manifest.json()) as { name: string; icons: { src: string; sizes: string }[] };
  expect(parsed.name).toBe("Payout Tracker");
  expect(parsed.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  for (const icon of [...parsed.icons.map((i) => i.src), "/apple-touch-icon.png"]) {
    const response = await request.get(icon);
    expect(response.status(), icon).toBe(200);
    expect(response.headers()["content-type"], icon).toMatch(/^image\//);
  }
});
