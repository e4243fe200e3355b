import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "../audit/log";
import { validateTemplate } from "../templates/store";
import { isTemplateTopic } from "../templates/templates";
import { planAdminHistory } from "./admin-history";
import { mulberry32, Rng } from "./random";

describe("planAdminHistory", () => {
  // A Monday, a Thursday and a Sunday night: everything lies in the past whatever the day.
  it.each(["2026-11-23T06:00:00Z", "2026-11-26T15:00:00Z", "2026-11-29T23:30:00Z"])(
    "is an ended incident, two alerts and template versions back to the built-in text (now = %s)",
    (iso) => {
      const now = new Date(iso);
      const plan = planAdminHistory(new Rng(mulberry32(3)), now, { adminId: "ada" });
      expect(plan.alerts.map((a) => a.condition)).toEqual(["delayed-share:SEPA", "notification-failures"]);
      for (const alert of plan.alerts) {
        expect(alert.createdAt.getTime()).toBeLessThan(now.getTime() - 3 * 86_400_000);
        expect(alert.hour.getTime()).toBeLessThanOrEqual(alert.createdAt.getTime());
        expect(alert.message).toMatch(/^(SEPA|Notifications): \d+(\.\d)? % of \d+ .* \(7-day baseline \d+(\.\d)? %\)$/);
      }
      expect(plan.notice.startsAt.getTime()).toBeGreaterThan(plan.alerts[0]?.createdAt.getTime() ?? 0);
      expect(plan.notice.endedAt.getTime()).toBeLessThan(plan.notice.endsAt.getTime());
      expect(plan.notice.endedAt.getTime()).toBeLessThan(now.getTime());
      expect(plan.carrierTrouble.until.getTime()).toBeLessThan(now.getTime());

      const latest = new Map<string, string | null>();
      for (const v of plan.templates) {
        expect(isTemplateTopic(v.topic)).toBe(true);
        if (v.body !== null) {
          expect(validateTemplate(v.channel, v.locale, v.body)).toEqual([]);
        }
        latest.set(`${v.channel} ${v.topic} ${v.locale}`, v.body);
        expect(v.createdAt.getTime()).toBeLessThan(now.getTime());
      }
      // Customers read the built-in texts today.
      expect([...latest.values()].every((body) => body === null)).toBe(true);
      // Every change has its audit entry, in the order they happened.
      expect(plan.audit.filter((a) => a.action.startsWith("TEMPLATE_"))).toHaveLength(plan.templates.length);
      expect(plan.audit.map((a) => a.action)).toEqual(expect.arrayContaining(["NOTICE_PUBLISHED", "NOTICE_ENDED"]));
      expect(
        plan.audit.every((a) => (AUDIT_ACTIONS as readonly string[]).includes(a.action) && a.staffId === "ada"),
      ).toBe(true);
      const times = plan.audit.map((a) => a.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
    },
  );
});
