import Link from "next/link";
import { notFound } from "next/navigation";
import { EmailFrame } from "@/components/ui/email-frame";
import { getCurrentStaff } from "@/lib/auth/session";
import {
  channelLabel,
  countLabel,
  languageLabel,
  notificationKindLabel,
  notificationStatusLabel,
  stageLabel,
} from "@/lib/format/admin-labels";
import { formatShort } from "@/lib/format/dates";
import { getOutboxMessage } from "@/lib/notifications/queries";
import { maskDestination } from "@/lib/notifications/redact";
import { smsSegments } from "@/lib/notifications/render-sms";

export const metadata = { title: "Outbox message · Admin" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

/** Route params may arrive still percent-encoded (ids hold a ":"). */
function decodeId(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

export default async function OutboxMessagePage({ params }: Props) {
  const staff = await getCurrentStaff();
  if (!staff) {
    notFound();
  }
  const { id: raw } = await params;
  const id = raw.length <= 100 ? decodeId(raw) : null;
  const message = id ? await getOutboxMessage(id) : null;
  if (!message) {
    notFound();
  }
  const at = (d: Date | null) => (d ? formatShort(d, "en-GB", "UTC") : "—");
  const sms = message.channel === "SMS" && message.bodyText !== null ? smsSegments(message.bodyText) : null;

  return (
    <div className="space-y-6">
      <Link href="/admin/outbox" className="text-sm underline">
        ← Dev outbox
      </Link>
      <header>
        <h1 className="text-2xl font-semibold">{message.channel === "EMAIL" ? (message.subject ?? "Email") : "SMS"}</h1>
        <p className="text-slate-700">
          Recorded in the dev outbox, not sent. {message.customer.name} ·{" "}
          <Link href={`/admin/payouts/${message.payout.reference}`} className="font-mono text-blue-800 underline">
            {message.payout.reference}
          </Link>
        </p>
      </header>

      <dl className="grid grid-cols-2 gap-2 rounded border border-slate-200 bg-white p-4 text-sm md:grid-cols-4">
        <div>
          <dt className="text-slate-600">Channel</dt>
          <dd>
            {channelLabel(message.channel)}
            {message.fallback ? " (fallback)" : ""}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">To</dt>
          <dd>{message.destination ? maskDestination(message.destination) : "—"}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Status</dt>
          <dd>{notificationStatusLabel(message.status)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Language</dt>
          <dd>{languageLabel(message.locale)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">About</dt>
          <dd>
            {notificationKindLabel(message.kind)} · {stageLabel(message.event.stage)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Queued (UTC)</dt>
          <dd>{at(message.queuedAt)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Recorded (UTC)</dt>
          <dd>{at(message.sentAt)}</dd>
        </div>
      </dl>

      {message.channel === "EMAIL" ? (
        <>
          <section>
            <h2 className="mb-2 text-lg font-semibold">HTML</h2>
            {message.bodyHtml ? (
              <EmailFrame
                html={message.bodyHtml}
                title={`Email preview: ${message.subject ?? "no subject"}`}
                testId="outbox-email-html"
              />
            ) : (
              <p className="text-sm text-slate-700">No HTML part.</p>
            )}
          </section>
          <section>
            <h2 className="mb-2 text-lg font-semibold">Plain text</h2>
            <pre
              className="overflow-x-auto rounded border border-slate-200 bg-white p-4 text-sm whitespace-pre-wrap break-words"
              data-testid="outbox-email-text"
            >
              {message.bodyText ?? ""}
            </pre>
          </section>
        </>
      ) : (
        <section>
          <h2 className="mb-2 text-lg font-semibold">Text</h2>
          <pre
            className="max-w-md rounded border border-slate-200 bg-white p-4 text-sm whitespace-pre-wrap break-words"
            data-testid="outbox-sms-text"
          >
            {message.bodyText ?? ""}
          </pre>
          {sms ? (
            <p className="mt-2 text-sm text-slate-700" data-testid="outbox-sms-segments">
              {countLabel("segments", sms.segments)} · {sms.encoding} · {sms.characters}{" "}
              {sms.encoding === "GSM-7" ? "septets" : "UCS-2 units"}
            </p>
          ) : null}
        </section>
      )}
    </div>
  );
}
