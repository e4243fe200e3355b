import { describe, expect, it } from "vitest";
import de from "../../messages/de.json";
import { unavailablePath, unavailableResponse } from "./unavailable-page";

describe("the outage page", () => {
  it("answers 503 with Retry-After, in the customer's language, leading back to where they were", async () => {
    const response = unavailableResponse("de", de.unavailable, "/payouts/PT-7K3M9Q2X?x=<b>");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    expect(html).toContain("<h1>Vorübergehend nicht verfügbar</h1>");
    expect(html).toContain('<a href="/payouts/PT-7K3M9Q2X?x=&#60;b&#62;">Erneut versuchen</a>');
    expect(html).not.toContain("<script");
  });

  it("leads back only to a path inside the app", async () => {
    expect(unavailablePath("/admin/payouts?q=PT-1")).toBe("/unavailable?next=%2Fadmin%2Fpayouts%3Fq%3DPT-1");
    expect(unavailablePath("//evil.example")).toBe("/unavailable");
    expect(unavailablePath(null)).toBe("/unavailable");
    const html = await unavailableResponse("en", de.unavailable, "https://evil.example").text();
    expect(html).toContain('<a href="/payouts">');
  });
});
