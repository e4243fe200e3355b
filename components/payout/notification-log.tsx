import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { formatDateParts, formatShort } from "@/lib/format/dates";
import type { ChannelNotice, NotifiedEvent } from "@/lib/notifications/queries";

type StatusKey =
  | "queued"
  | "sending"
  | "scheduled"
  | "sent"
  | "delivered"
  | "failed"
  | "off"
  | "optedOut"
  | "noEmail"
  | "noPhone";

/** How a message's state reads to the customer, and whether its time is worth showing. */
function statusKey(notice: ChannelNotice): { key: StatusKey; timed: boolean } {
  switch (notice.status) {
    case "SUPPRESSED":
      if (notice.suppressedReason === "OPTED_OUT") {
        return { key: "optedOut", timed: false };
      }
      if (notice.suppressedReason === "NO_DESTINATION") {
        return { key: notice.channel === "EMAIL" ? "noEmail" : "noPhone", timed: false };
      }
      return { key: "off", timed: false };
    case "QUEUED":
      return notice.held ? { key: "scheduled", timed: true } : { key: "queued", timed: false };
    case "SENDING":
      return { key: "sending", timed: false };
    case "SENT":
      return { key: "sent", timed: true };
    case "DELIVERED":
      return { key: "delivered", timed: true };
    default:
      return { key: "failed", timed: false };
  }
}

/**
 * "Messages we sent you": per notified event, what became of each channel's message,
 * in the customer's time zone. The proof a customer can point at ("you never told me").
 */
export async function NotificationLog({
  events,
  intlLocale,
  timeZone,
}: {
  events: NotifiedEvent[];
  intlLocale: string;
  timeZone: string;
}) {
  const t = await getTranslations("notifications");
  const tStages = await getTranslations("stages");

  const about = (event: NotifiedEvent) => {
    if (event.kind === "DELAYED") {
      return t(event.delayed ? "about.DELAYED" : "about.DELAY_CLEARED");
    }
    if (event.kind === "ETA_MOVED") {
      return t("about.ETA_MOVED");
    }
    return tStages(`${event.stage}.label`);
  };
  // Only the time when it is the event's day (as the customer's clock reads it), else the date too.
  const when = (at: Date, eventAt: Date) => {
    const parts = formatDateParts(at, intlLocale, timeZone);
    const sameDay = parts.date === formatDateParts(eventAt, intlLocale, timeZone).date;
    return sameDay ? t("when.sameDay", { time: parts.time }) : t("when.otherDay", parts);
  };

  return (
    <section
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      aria-labelledby="notification-log-heading"
      data-testid="notification-log"
    >
      <h2 id="notification-log-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      {events.length === 0 ? (
        <p className="mt-2 text-sm text-slate-700">{t("empty")}</p>
      ) : (
        <ol className="mt-3 space-y-3">
          {events.map((event) => (
            <li key={event.eventId} className="text-sm" data-testid="notification-event">
              <p className="font-medium">
                {about(event)} ·{" "}
                <time dateTime={event.occurredAt.toISOString()}>
                  {formatShort(event.occurredAt, intlLocale, timeZone)}
                </time>
              </p>
              {/* The separator ends the item before it, so a wrapped line never starts with "·". */}
              <ul className="mt-1 flex flex-wrap gap-x-2 gap-y-1 text-slate-700 [&>li:not(:last-child)]:after:ml-2 [&>li:not(:last-child)]:after:content-['·']">
                {event.channels.map((notice) => {
                  const { key, timed } = statusKey(notice);
                  const channel = t(`channel.${notice.channel}`);
                  const text = t(`status.${key}`, {
                    channel,
                    when: timed ? when(notice.at, event.occurredAt) : "",
                  });
                  return (
                    <li
                      key={notice.channel}
                      data-testid={`notification-${notice.channel.toLowerCase()}`}
                      data-status={notice.status}
                    >
                      {text}
                      {notice.fallback ? ` (${t(`insteadOf.${notice.channel === "EMAIL" ? "SMS" : "EMAIL"}`)})` : ""}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ol>
      )}
      <p className="mt-4 text-sm">
        <Link href="/preferences" className="font-medium text-blue-800 underline underline-offset-2">
          {t("manage")}
        </Link>
      </p>
    </section>
  );
}
