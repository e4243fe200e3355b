import Link from "next/link";
import { notFound } from "next/navigation";
import { getCurrentStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { notifySettings, runtimeSettings } from "@/lib/env";
import { accessPurposeLabel, channelLabel, countLabel, notificationStatusLabel } from "@/lib/format/admin-labels";
import { formatShort } from "@/lib/format/dates";
import { listOutbox, ZOutboxFilters } from "@/lib/notifications/queries";
import { maskDestination } from "@/lib/notifications/redact";
import { SupportReplyOutbox } from "./support-replies";

export const metadata = { title: "Dev outbox · Admin" };
// Who is signed in decides what this page shows: never prerendered.
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const CHANNEL_FILTERS = [
  { value: undefined, label: "All" },
  { value: "EMAIL", label: "Email" },
  { value: "SMS", label: "SMS" },
] as const;

/** Which channels are recorded here rather than sent, from this process's configuration. */
function recordedChannels(): { email: boolean; sms: boolean } | null {
  try {
    const settings = notifySettings();
    return { email: settings.smtpUrl === null, sms: settings.twilio === null };
  } catch {
    return null; // half-configured Twilio: the worker refuses to start and says why
  }
}

export default async function OutboxPage({ searchParams }: Props) {
  const staff = await getCurrentStaff();
  if (!staff) {
    notFound();
  }
  const raw = await searchParams;
  const input = Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v === "" ? undefined : v]),
  );
  const parsed = ZOutboxFilters.safeParse(input);
  if (!parsed.success) {
    return (
      <div role="alert" className="rounded border border-red-300 bg-red-50 p-4">
        <h1 className="font-semibold">Invalid filter</h1>
        <ul className="mt-2 list-disc pl-6 text-sm">
          {parsed.error.issues.map((issue) => (
            <li key={issue.path.join(".")}>
              {issue.path.join(".")}: {issue.message}
            </li>
          ))}
        </ul>
        <Link href="/admin/outbox" className="mt-3 inline-block underline">
          Clear filters
        </Link>
      </div>
    );
  }
  const filters = parsed.data;
  const { rows, total, pages } = await listOutbox(filters);
  const recorded = recordedChannels();
  // Sign-in links and codes let whoever reads them in: only an admin sees them, and only in
  // demo mode (the zero-setup default), where no real customer signs in.
  const showAccess = filters.page === 1 && staff.role === "ADMIN" && runtimeSettings().demoMode;
  const access = showAccess ? await recentAccessMessages(filters.channel) : [];
  const link = (changes: { channel?: string; page?: number }) => {
    const params = new URLSearchParams();
    const channel = "channel" in changes ? changes.channel : filters.channel;
    if (channel) {
      params.set("channel", channel);
    }
    const page = changes.page ?? 1;
    if (page > 1) {
      params.set("page", String(page));
    }
    const query = params.toString();
    return query ? `/admin/outbox?${query}` : "/admin/outbox";
  };

  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-2xl font-semibold">Dev outbox</h1>
        <p className="text-sm text-slate-700">
          Without <code>SMTP_URL</code> / <code>TWILIO_*</code> messages are recorded here instead of being sent. Each
          row is exactly what the customer would have received.
        </p>
        {recorded ? (
          <p className="mt-1 text-sm text-slate-700" data-testid="outbox-config">
            Email: {recorded.email ? "recorded here (no SMTP_URL)" : "sent over SMTP"} · SMS:{" "}
            {recorded.sms ? "recorded here (no TWILIO_*)" : "sent through Twilio"}
          </p>
        ) : null}
      </header>

      <nav aria-label="Channel" className="flex gap-3 text-sm">
        {CHANNEL_FILTERS.map((f) => {
          const current = filters.channel === f.value;
          return (
            <Link
              key={f.label}
              href={link({ channel: f.value })}
              aria-current={current ? "page" : undefined}
              className={current ? "font-semibold text-slate-900" : "text-blue-800 underline"}
            >
              {f.label}
            </Link>
          );
        })}
      </nav>

      <p className="text-sm text-slate-700" data-testid="result-count">
        {countLabel("messages", total)} · page {filters.page} of {pages}
      </p>
      {rows.length === 0 ? (
        <p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-700">Nothing recorded yet.</p>
      ) : (
        <div className="overflow-x-auto rounded border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-100">
              <tr>
                <th className="px-3 py-2">Time (UTC)</th>
                <th className="px-3 py-2">Channel</th>
                <th className="px-3 py-2">Customer</th>
                <th className="px-3 py-2">To</th>
                <th className="px-3 py-2">Subject / text</th>
                <th className="px-3 py-2">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.id} className="border-t border-slate-200 align-top" data-testid="outbox-row">
                  <td className="px-3 py-2 whitespace-nowrap">
                    <Link href={`/admin/outbox/${encodeURIComponent(m.id)}`} className="text-blue-800 underline">
                      {formatShort(m.sentAt ?? m.queuedAt, "en-GB", "UTC")}
                    </Link>
                  </td>
                  <td className="px-3 py-2">
                    {channelLabel(m.channel)}
                    {m.fallback ? <span className="block text-xs text-slate-600">fallback</span> : null}
                  </td>
                  <td className="px-3 py-2">
                    {m.customer.name}
                    <Link
                      href={`/admin/payouts/${m.payout.reference}`}
                      className="block font-mono text-xs text-blue-800 underline"
                    >
                      {m.payout.reference}
                    </Link>
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {m.destination ? maskDestination(m.destination) : "—"}
                  </td>
                  <td className="max-w-md px-3 py-2 break-words">
                    {m.channel === "EMAIL" ? (
                      (m.subject ?? "—")
                    ) : (
                      <span className="whitespace-pre-line">{m.bodyText}</span>
                    )}
                  </td>
                  <td className="px-3 py-2">{notificationStatusLabel(m.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pagination" className="flex gap-3 text-sm">
        {filters.page > 1 ? (
          <Link href={link({ page: filters.page - 1 })} className="underline">
            ← Previous
          </Link>
        ) : null}
        {filters.page < pages ? (
          <Link href={link({ page: filters.page + 1 })} className="underline">
            Next →
          </Link>
        ) : null}
      </nav>
      {filters.page === 1 && filters.channel !== "SMS" ? <SupportReplyOutbox /> : null}
      {access.length > 0 ? (
        <section aria-labelledby="access-heading" className="space-y-2">
          <h2 id="access-heading" className="text-lg font-semibold">
            Sign-in links, codes and invitations
          </h2>
          <p className="text-sm text-slate-700">
            The newest 20. The link or code is shown only when the message was recorded here rather than sent.
          </p>
          <ul className="space-y-2" data-testid="access-messages">
            {access.map((m) => (
              <li key={m.id} className="rounded border border-slate-200 bg-white p-3 text-sm">
                <p className="font-medium">
                  {accessPurposeLabel(m.purpose)} · {channelLabel(m.channel)} to {m.destination} ·{" "}
                  {formatShort(m.createdAt, "en-GB", "UTC")} UTC · {m.transport} · {notificationStatusLabel(m.status)}
                </p>
                <pre className="mt-1 whitespace-pre-wrap break-all font-sans">{m.bodyText}</pre>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function recentAccessMessages(channel: "EMAIL" | "SMS" | undefined) {
  return getDb().accessMessage.findMany({
    // Support replies are listed on their own (SupportReplyOutbox).
    where: { purpose: { not: "SUPPORT_REPLY" }, ...(channel ? { channel } : {}) },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: {
      id: true,
      purpose: true,
      channel: true,
      destination: true,
      createdAt: true,
      transport: true,
      status: true,
      bodyText: true,
    },
  });
}
