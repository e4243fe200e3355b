import { describe, expect, it } from "vitest";
import { actionTemplateProblem, actionUrlProblem, fillActionUrl, parseHostList } from "./action-url";
import {
  GUIDANCE_LOCALES,
  type GuidanceOverride,
  type GuidancePayout,
  guidanceKeys,
  type LinkRules,
  resolveGuidance,
} from "./guidance-rules";
import { HAPPY_PATH } from "./stages";

const links: LinkRules = { hosts: ["app.example.com"], appHost: "payouts.example.com" };

const payout = (over: Partial<GuidancePayout> = {}): GuidancePayout => ({
  stage: "FAILED",
  reasonCode: "INVALID_ACCOUNT",
  actionUrl: null,
  reference: "PT-7K3M9Q2X",
  externalId: "po_123",
  ...over,
});

const row = (over: Partial<GuidanceOverride> & Pick<GuidanceOverride, "stage" | "reason">): GuidanceOverride => ({
  text: {
    en: { whereMoney: null, next: null, actionLabel: null },
    de: { whereMoney: null, next: null, actionLabel: null },
  },
  actionUrl: null,
  ...over,
});

describe("customer guidance rules", () => {
  it("says where the money is and what happens next for a failed payout with an invalid account, in both languages", () => {
    expect(resolveGuidance(payout(), "en", [], links)).toEqual({
      whereMoney: "The money is back in your balance.",
      next: "We will try again once you update your bank details.",
      action: null,
    });
    expect(resolveGuidance(payout(), "de", [], links)).toEqual({
      whereMoney: "Das Geld ist zurück auf Ihrem Guthaben.",
      next: "Wir versuchen es erneut, sobald Sie Ihre Bankverbindung aktualisiert haben.",
      action: null,
    });
  });

  it("has built-in texts and a button label for every stage and reason a stopped payout can have", () => {
    for (const { stage, reason } of guidanceKeys()) {
      for (const locale of GUIDANCE_LOCALES) {
        const g = resolveGuidance(
          payout({ stage, reasonCode: reason === "NONE" ? null : reason, actionUrl: "https://app.example.com/x" }),
          locale,
          [],
          links,
        );
        expect(g.whereMoney, `${stage} ${reason} ${locale}`).toMatch(/\S/);
        expect(g.next, `${stage} ${reason} ${locale}`).toMatch(/\S/);
        expect(g.action?.label, `${stage} ${reason} ${locale}`).toMatch(/\S/);
      }
    }
    // 4 stages with 11 reasons and their own row, CANCELED without reasons
    expect(guidanceKeys()).toHaveLength(4 * 12 + 1);
  });

  it("needs none on the happy path, even with a link or a delay", () => {
    for (const stage of HAPPY_PATH) {
      expect(
        resolveGuidance(payout({ stage, reasonCode: null, actionUrl: "https://app.example.com/x" }), "en", [], links),
      ).toEqual({ whereMoney: null, next: null, action: null });
    }
  });

  it("a canceled payout reads its stage's text whatever reason it carried", () => {
    expect(resolveGuidance(payout({ stage: "CANCELED", reasonCode: "INVALID_ACCOUNT" }), "en", [], links)).toEqual({
      whereMoney: "Nothing was sent. The money stays in your balance.",
      next: "You can request a new payout at any time.",
      action: null,
    });
  });

  it("shows the platform's link with the reason's label, and it wins over the admins' default", () => {
    const url = "https://app.example.com/payouts/po_123/bank";
    const admin = row({
      stage: "FAILED",
      reason: "INVALID_ACCOUNT",
      actionUrl: "https://app.example.com/d/{reference}",
    });
    expect(resolveGuidance(payout({ actionUrl: url }), "en", [admin], links).action).toEqual({
      url,
      label: "Update your bank details",
    });
    expect(resolveGuidance(payout({ actionUrl: url }), "de", [admin], links).action).toEqual({
      url,
      label: "Bankverbindung aktualisieren",
    });
  });

  it("drops the platform's link once its host is no longer allowed, and falls back to the admins' default", () => {
    const admin = row({
      stage: "FAILED",
      reason: "NONE",
      actionUrl: "https://payouts.example.com/help?ref={reference}",
    });
    const g = resolveGuidance(payout({ actionUrl: "https://old.example.com/x" }), "en", [admin], links);
    expect(g.action?.url).toBe("https://payouts.example.com/help?ref=PT-7K3M9Q2X");
    expect(resolveGuidance(payout({ actionUrl: "https://old.example.com/x" }), "en", [], links).action).toBeNull();
  });

  it("fills {reference} and {external_id} URL-encoded into the admins' link", () => {
    const admin = row({
      stage: "FAILED",
      reason: "INVALID_ACCOUNT",
      actionUrl: "https://app.example.com/p/{external_id}/bank?ref={reference}&again={reference}",
    });
    const g = resolveGuidance(payout({ externalId: "po 1/2&x=y#z", reference: "PT-ÄB" }), "en", [admin], links);
    expect(g.action?.url).toBe("https://app.example.com/p/po%201%2F2%26x%3Dy%23z/bank?ref=PT-%C3%84B&again=PT-%C3%84B");
  });

  it("takes each text most specific first: the admins' reason row, the built-in reason text, the admins' stage row, the built-in stage text", () => {
    const stageRow = row({
      stage: "FAILED",
      reason: "NONE",
      text: {
        en: { whereMoney: "Back in your wallet.", next: "Stage next.", actionLabel: "Open wallet" },
        de: { whereMoney: null, next: null, actionLabel: null },
      },
      actionUrl: "https://app.example.com/wallet",
    });
    // INVALID_ACCOUNT has its own built-in "next" and label; whereMoney comes from the stage row
    expect(resolveGuidance(payout(), "en", [stageRow], links)).toEqual({
      whereMoney: "Back in your wallet.",
      next: "We will try again once you update your bank details.",
      action: { url: "https://app.example.com/wallet", label: "Update your bank details" },
    });
    // OTHER has no built-in text of its own: the stage row's texts
    expect(resolveGuidance(payout({ reasonCode: "OTHER" }), "en", [stageRow], links)).toEqual({
      whereMoney: "Back in your wallet.",
      next: "Stage next.",
      action: { url: "https://app.example.com/wallet", label: "Open wallet" },
    });
    // German unchanged: the admin wrote English only
    expect(resolveGuidance(payout({ reasonCode: "OTHER" }), "de", [stageRow], links).whereMoney).toBe(
      "Das Geld ist zurück auf Ihrem Guthaben.",
    );
    const reasonRow = row({
      stage: "FAILED",
      reason: "INVALID_ACCOUNT",
      text: {
        en: { whereMoney: "Reason money.", next: "Reason next.", actionLabel: "Fix it" },
        de: { whereMoney: null, next: null, actionLabel: null },
      },
      actionUrl: "https://app.example.com/fix/{external_id}",
    });
    expect(resolveGuidance(payout(), "en", [stageRow, reasonRow], links)).toEqual({
      whereMoney: "Reason money.",
      next: "Reason next.",
      action: { url: "https://app.example.com/fix/po_123", label: "Fix it" },
    });
    // another stage's rows do not apply
    expect(resolveGuidance(payout({ stage: "RETURNED" }), "en", [stageRow, reasonRow], links).action).toBeNull();
  });

  it("shows no admin link whose host is not allowed (any more), and none at all without hosts", () => {
    const admin = row({ stage: "FAILED", reason: "NONE", actionUrl: "https://app.example.com/{reference}" });
    expect(resolveGuidance(payout(), "en", [admin], { hosts: [], appHost: null }).action).toBeNull();
    const http = row({ stage: "FAILED", reason: "NONE", actionUrl: "http://app.example.com/{reference}" });
    expect(resolveGuidance(payout(), "en", [http], links).action).toBeNull();
  });
});

describe("action link rules", () => {
  it("reads ACTION_URL_HOSTS as lower-case exact host names and refuses anything else", () => {
    expect(parseHostList(" App.Example.com, help.example.com ,")).toEqual({
      ok: true,
      hosts: ["app.example.com", "help.example.com"],
    });
    expect(parseHostList("")).toEqual({ ok: true, hosts: [] });
    for (const bad of ["https://app.example.com", "app.example.com:443", "*.example.com", "app example.com"]) {
      expect(parseHostList(bad).ok, bad).toBe(false);
    }
  });

  it("accepts https links on an allowed host only", () => {
    const hosts = ["app.example.com"];
    expect(actionUrlProblem("https://app.example.com/a?b=c#d", hosts)).toBeNull();
    expect(actionUrlProblem("https://app.example.com:8443/a", hosts)).toBeNull();
    expect(actionUrlProblem("http://app.example.com/a", hosts)).toMatch("https");
    expect(actionUrlProblem("https://a:b@app.example.com/", hosts)).toMatch("user name or password");
    expect(actionUrlProblem("https://app.example.com/", [])).toMatch("ACTION_URL_HOSTS is not configured");
    expect(actionUrlProblem("https://app.example.com.evil.net/", hosts)).toMatch("not one of ACTION_URL_HOSTS");
  });

  it("checks an admin's link with sample values: known placeholders only, not in the host, on an allowed host or the app's own", () => {
    const hosts = ["app.example.com"];
    expect(actionTemplateProblem("https://app.example.com/p/{external_id}?r={reference}", hosts, null)).toBeNull();
    expect(
      actionTemplateProblem("https://payouts.example.com/support?r={reference}", hosts, "payouts.example.com"),
    ).toBeNull();
    expect(actionTemplateProblem("https://app.example.com/{customer}", hosts, null)).toMatch(
      "unknown placeholder {customer}",
    );
    expect(actionTemplateProblem("https://app.example.com/{reference", hosts, null)).toMatch("brace");
    expect(actionTemplateProblem("https://{reference}.example.com/", hosts, null)).toMatch("not one of");
    expect(actionTemplateProblem("https://other.example.com/", hosts, "payouts.example.com")).toMatch("not one of");
    expect(actionTemplateProblem("https://app.example.com/", [], null)).toMatch("set ACTION_URL_HOSTS");
    expect(fillActionUrl("https://x/{reference}/{external_id}", { reference: "PT-1", externalId: "a/b" })).toBe(
      "https://x/PT-1/a%2Fb",
    );
  });
});
