import Link from "next/link";
import { notFound } from "next/navigation";
import { type Column, DataTable } from "@/components/admin/data-table";
import { filterInput, InvalidFilter } from "@/components/admin/filter-panel";
import { Pagination } from "@/components/admin/pagination";
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
  const parsed = ZOutboxFilters.safeParse(filterInput(await searchParams));
  if (!parsed.success) {
    return <InvalidFilter issues={parsed.error.issues} clearHref="/admin/outbox" />;
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
      <DataTable
        caption="Recorded messages"
        columns={COLUMNS}
        rows={rows}
        rowTestId="outbox-row"
        alignTop
        empty="Nothing recorded yet."
      />
      <Pagination page={filters.page} pages={pages} href={(page) => link({ page })} />
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

type Row = Awaited<ReturnType<typeof listOutbox>>["rows"][number];

const COLUMNS: Column<Row>[] = [
  {
    header: "Time (UTC)",
    className: "whitespace-nowrap",
    cell: (m) => (
      <Link href={`/admin/outbox/${encodeURIComponent(m.id)}`} className="text-blue-800 underline">
        {formatShort(m.sentAt ?? m.queuedAt, "en-GB", "UTC")}
      </Link>
    ),
  },
  {
    header: "Channel",
    cell: (m) => (
      <>
        {channelLabel(m.channel)}
        {m.fallback ? <span className="block text-xs text-slate-600">fallback</span> : null}
      </>
    ),
  },
  {
    header: "Customer",
    cell: (m) => (
      <>
        {m.customer.name}
        <Link href={`/admin/payouts/${m.payout.reference}`} className="block font-mono text-xs text-blue-800 underline">
          {m.payout.reference}
        </Link>
      </>
    ),
  },
  {
    header: "To",
    className: "whitespace-nowrap",
    cell: (m) => (m.destination ? maskDestination(m.destination) : "—"),
  },
  {
    header: "Subject / text",
    className: "max-w-md break-words",
    cell: (m) =>
      m.channel === "EMAIL" ? (m.subject ?? "—") : <span className="whitespace-pre-line">{m.bodyText}</span>,
  },
  { header: "Status", cell: (m) => notificationStatusLabel(m.status) },
];

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
