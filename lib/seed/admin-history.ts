import { createHash } from "node:crypto";
import type { AppLocale } from "../../i18n/locale";
import type { AuditAction } from "../audit/log";
import { type TNotice, ZNotice } from "../notices/notices";
import { ALERT_RULES } from "../support/alerts";
import { validateTemplate } from "../templates/store";
import type { TemplateChannel } from "../templates/templates";
import { type Rng, randomId } from "./random";
import { DAY, HOUR, isoWeekStart, MINUTE } from "./timeline";

// What the demo staff did in the seeded past: a high-volume incident on SEPA (an alert,
// a notice to customers, an SMS wording for the delay that was reset when it ended), an
// evening when a carrier lost text messages (the second alert), and a reworded page text
// that went back to the built-in one. Every change has its audit entry, as the admin
// actions write them (lib/notices, lib/templates). All of it ended long ago: customers
// read the built-in texts and no notice is running.

export interface AdminStaff {
  adminId: string;
}

export interface PlannedAlert {
  id: string;
  condition: string;
  hour: Date;
  message: string;
  createdAt: Date;
  emailedAt: Date;
}

export interface PlannedTemplateVersion {
  id: string;
  channel: TemplateChannel;
  topic: string;
  locale: AppLocale;
  body: string | null;
  createdById: string;
  createdAt: Date;
}

export interface PlannedAudit {
  id: string;
  at: Date;
  staffId: string;
  action: AuditAction;
  target: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export interface AdminPlan {
  notice: TNotice & { id: string; staffId: string; createdAt: Date; endedAt: Date };
  alerts: PlannedAlert[];
  templates: PlannedTemplateVersion[];
  audit: PlannedAudit[];
  /** when the carrier lost most text messages (message-history.ts makes them undelivered) */
  carrierTrouble: { from: Date; until: Date };
}

/** As alertConditions() words a share. */
const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;
const minute = (at: Date) => at.toISOString().slice(0, 16);

function alert(condition: string, message: string, at: Date): PlannedAlert {
  // checkAlerts(): one row per condition and hour, its id from the condition and the time.
  const id = `alert_${createHash("md5").update(`${condition}${at.toISOString()}`).digest("hex")}`;
  const hour = new Date(Math.floor(at.getTime() / HOUR) * HOUR);
  return { id, condition, hour, message, createdAt: at, emailedAt: new Date(at.getTime() + 2_000) };
}

export function planAdminHistory(rng: Rng, now: Date, staff: AdminStaff): AdminPlan {
  const admin = staff.adminId;
  const audit: PlannedAudit[] = [];
  const templates: PlannedTemplateVersion[] = [];
  const record = (
    at: Date,
    action: AuditAction,
    target: string,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
  ) => audit.push({ id: `c${randomId(12)}`, at, staffId: admin, action, target, before, after });
  const saveTemplate = (at: Date, channel: TemplateChannel, topic: string, locale: AppLocale, body: string | null) => {
    if (body !== null && validateTemplate(channel, locale, body).length > 0) {
      throw new Error(`The seed's ${channel} ${topic} ${locale} template is refused by validateTemplate()`);
    }
    const previous = templates.filter((t) => t.channel === channel && t.topic === topic && t.locale === locale).at(-1);
    templates.push({ id: `c${randomId(12)}`, channel, topic, locale, body, createdById: admin, createdAt: at });
    record(
      at,
      body === null ? "TEMPLATE_RESET" : "TEMPLATE_SAVED",
      `${channel} ${topic} ${locale}`,
      {
        body: previous?.body ?? null,
      },
      { body },
    );
  };

  // Six weeks ago: the processing step's page text reworded twice, then back to the built-in text.
  const reworded = new Date(isoWeekStart(now).getTime() - 6 * 7 * DAY + 1 * DAY + (10 * 60 + rng.int(0, 50)) * MINUTE);
  saveTemplate(
    reworded,
    "PAGE",
    "PROCESSING",
    "en",
    "{first_name}, your payout of {amount} is with our payments team. We hand it to your bank in the next batch.",
  );
  saveTemplate(
    new Date(reworded.getTime() + 26 * HOUR + rng.int(0, 40) * MINUTE),
    "PAGE",
    "PROCESSING",
    "en",
    "{first_name}, your payout of {amount} is with our payments team. We hand it to your bank in the next batch, usually within a few hours on business days.",
  );
  saveTemplate(new Date(reworded.getTime() + 15 * DAY + rng.int(0, 90) * MINUTE), "PAGE", "PROCESSING", "en", null);

  // Two and a half weeks ago, a Tuesday morning: SEPA volume doubled. The alert came first.
  const spike = new Date(isoWeekStart(now).getTime() - 2 * 7 * DAY + 1 * DAY + (8 * 60 + rng.int(10, 40)) * MINUTE);
  const active = 17;
  const late = 7;
  const baseline = 0.086;
  if (late / active < ALERT_RULES.delayedShare.threshold || active < ALERT_RULES.delayedShare.minCount) {
    throw new Error("the seeded delayed-share alert would not have fired");
  }
  const alerts = [
    alert(
      "delayed-share:SEPA",
      `SEPA: ${pct(late / active)} of ${active} active payouts delayed in the last hour (7-day baseline ${pct(baseline)})`,
      spike,
    ),
  ];
  const startsAt = new Date(Math.ceil((spike.getTime() + 20 * MINUTE) / MINUTE) * MINUTE);
  const notice = ZNotice.parse({
    methods: ["SEPA"],
    countries: "",
    startsAt: minute(startsAt),
    endsAt: minute(new Date(startsAt.getTime() + 2 * DAY)),
    messageEn: "High volume: SEPA payouts may take up to one business day longer than usual.",
    messageDe: "Hohes Aufkommen: SEPA-Auszahlungen können bis zu einen Geschäftstag länger dauern.",
    etaShiftHours: 0,
    reasonCode: "HIGH_VOLUME",
  });
  const endedAt = new Date(notice.startsAt.getTime() + 29 * HOUR + rng.int(0, 50) * MINUTE);
  const noticeId = `c${randomId(12)}`;
  record(
    notice.startsAt,
    "NOTICE_PUBLISHED",
    noticeId,
    {},
    {
      ...notice,
      startsAt: notice.startsAt.toISOString(),
      endsAt: notice.endsAt.toISOString(),
    },
  );
  const smsFrom = new Date(notice.startsAt.getTime() + rng.int(8, 25) * MINUTE);
  saveTemplate(
    smsFrom,
    "SMS",
    "reason:HIGH_VOLUME",
    "en",
    "{first_name}, we are handling more SEPA payouts than usual: {reference} may take up to a day longer. {tracking_url}",
  );
  saveTemplate(
    new Date(smsFrom.getTime() + rng.int(2, 6) * MINUTE),
    "SMS",
    "reason:HIGH_VOLUME",
    "de",
    "{first_name}, wir bearbeiten gerade mehr SEPA-Auszahlungen: {reference} kann bis zu einen Tag länger dauern. {tracking_url}",
  );
  record(endedAt, "NOTICE_ENDED", noticeId, { endsAt: notice.endsAt.toISOString() }, { endsAt: endedAt.toISOString() });
  for (const locale of ["en", "de"] as const) {
    saveTemplate(new Date(endedAt.getTime() + rng.int(3, 12) * MINUTE), "SMS", "reason:HIGH_VOLUME", locale, null);
  }

  // Nine days ago in the evening: a carrier lost most text messages for an hour.
  const trouble = new Date(now.getTime() - 9 * DAY);
  const troubleFrom = new Date(
    Date.UTC(trouble.getUTCFullYear(), trouble.getUTCMonth(), trouble.getUTCDate(), 17, rng.int(0, 30)),
  );
  const failedShare = 3 / 24;
  if (failedShare < ALERT_RULES.notificationFailures.threshold) {
    throw new Error("the seeded notification alert would not have fired");
  }
  alerts.push(
    alert(
      "notification-failures",
      `Notifications: ${pct(failedShare)} of 24 failed or undelivered in the last hour (7-day baseline ${pct(0.021)})`,
      new Date(troubleFrom.getTime() + 55 * MINUTE + rng.int(0, 4) * MINUTE),
    ),
  );

  return {
    notice: { ...notice, id: noticeId, staffId: admin, createdAt: notice.startsAt, endedAt },
    alerts,
    templates,
    audit: audit.sort((a, b) => a.at.getTime() - b.at.getTime()),
    carrierTrouble: { from: troubleFrom, until: new Date(troubleFrom.getTime() + 75 * MINUTE) },
  };
}
