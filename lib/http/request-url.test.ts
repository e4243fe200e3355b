import { describe, expect, it } from "vitest";
import { requestUrlProblem } from "./request-url";

const check = (url: string) => {
  const parsed = new URL(url, "http://localhost");
  return requestUrlProblem(parsed.pathname, parsed.search);
};

describe("requestUrlProblem", () => {
  it("refuses a control character in the path or a query name or value, once decoded", () => {
    for (const url of [
      "/admin/payouts?q=%00",
      "/admin/audit?staff=%00",
      "/admin/outbox/%00",
      "/api/payouts/PT-7K3M9Q2X%00/live",
      "/sign-in?next=/payouts%0d%0aSet-Cookie:x=1",
      "/sign-in?next=%1b",
      "/payouts?%00=1",
      "/payouts/%7f",
      "/payouts?q=%C2%85", // NEXT LINE (C1)
      "/payouts?q=a+%09b",
    ]) {
      expect(check(url), url).toBe("The address contains a control character.");
    }
  });

  it("refuses a path that does not decode", () => {
    expect(check("/payouts/%E0%A4%A")).toBe("The address is not correctly percent-encoded.");
    expect(check("/payouts/%ED%A0%80")).toBe("The address is not correctly percent-encoded.");
  });

  it("lets ordinary addresses through, with any printable text", () => {
    for (const url of [
      "/",
      "/payouts/PT-7K3M9Q2X",
      "/admin/payouts?q=PT-7K3M9Q2X&stage=PROCESSING&page=2",
      "/admin/audit?staff=ada%40example.com",
      "/admin/payouts?q=J%C3%BCrgen%20M%C3%BCller",
      "/sign-in?next=%2Fpayouts%2FPT-1",
      "/t/AbC-_123",
      "/admin/payouts?q=%zz", // not an escape: taken literally by the query's own decoding
    ]) {
      expect(check(url), url).toBeNull();
    }
  });
});
