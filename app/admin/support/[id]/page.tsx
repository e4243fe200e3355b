import Link from "next/link";
import { notFound } from "next/navigation";
import { getCurrentStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import {
  channelLabel,
  inquiryCategoryLabel,
  inquiryStatusLabel,
  languageLabel,
  notificationKindLabel,
  notificationStatusLabel,
  stageLabel,
} from "@/lib/format/admin-labels";
import { formatShort } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import { maskDestination } from "@/lib/notifications/redact";
import { inquiryForStaff } from "@/lib/support/inquiries";
import { describeReplyEmail } from "@/lib/support/reply-email-records";
import { StaffReplyForm } from "./reply-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Question · Support" };

type Props = { params: Promise<{ id: string }> };

// GET /admin/support/[id] — one question: the thread, the customer's payouts and the payout's messages.
export default async function InquiryPage({ params }: Props) {
  const staff = await getCurrentStaff();
  if (!staff) {
    return null;
  }
  const { id } = await params;
  const db = getDb();
  const inquiry = id.length <= 64 ? await inquiryForStaff(db, id) : null;
  if (!inquiry) {
    notFound();
  }
  const [canned, notifications] = await Promise.all([
    db.cannedReply.findMany({ orderBy: { title: "asc" } }),
    db.notification.findMany({
      where: { payoutId: inquiry.payout.id },
      orderBy: { queuedAt: "desc" },
      take: 20,
      select: { id: true, channel: true, kind: true, status: true, queuedAt: true, sentAt: true, deliveredAt: true },
    }),
  ]);
  const at = (d: Date | null) => (d ? formatShort(d, "en-GB", "UTC") : "—");
  const de = inquiry.customer.locale === "de";
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-4 lg:col-span-2">
        <p>
          <Link href="/admin/support" className="text-sm underline">
            ← Support queue
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">
          {inquiryCategoryLabel(inquiry.category)} ·{" "}
          <span data-testid="staff-inquiry-status">{inquiryStatusLabel(inquiry.status)}</span>
        </h1>
        <p className="text-sm text-slate-700">
          {inquiry.customer.name} ({languageLabel(inquiry.customer.locale)},{" "}
          {maskDestination(inquiry.customer.email ?? "—")}) about{" "}
          <Link href={`/admin/payouts/${inquiry.payout.reference}`} className="font-mono underline">
            {inquiry.payout.reference}
          </Link>{" "}
          ({stageLabel(inquiry.payout.stage)}
          {inquiry.payout.delayed ? ", delayed" : ""}). Asked {at(inquiry.createdAt)} UTC; first reply{" "}
          {at(inquiry.firstResponseAt)}.
        </p>
        <ol className="space-y-2" data-testid="thread">
          {inquiry.messages.map((m) => (
            <li key={m.id} className={`rounded p-3 text-sm ${m.author ? "bg-blue-50" : "bg-white"}`}>
              <p className="text-xs text-slate-700">
                {m.author ?? inquiry.customer.name} · {at(m.createdAt)} UTC
                {m.author
                  ? ` · ${describeReplyEmail(m.email, m.emailedAt, Boolean(inquiry.customer.email), (d) => at(d))}`
                  : ""}
              </p>
              <p className="whitespace-pre-wrap">{m.body}</p>
            </li>
          ))}
        </ol>
        <StaffReplyForm
          inquiryId={inquiry.id}
          resolved={inquiry.status === "RESOLVED"}
          canned={canned.map((c) => ({ id: c.id, title: c.title, body: de ? c.bodyDe : c.bodyEn }))}
        />
      </div>
      <aside className="space-y-4 text-sm">
        <section>
          <h2 className="font-semibold">Their payouts</h2>
          <ul className="mt-1 space-y-1" data-testid="customer-history">
            {inquiry.history.map((p) => (
              <li key={p.reference}>
                <Link href={`/admin/payouts/${p.reference}`} className="font-mono underline">
                  {p.reference}
                </Link>{" "}
                {formatMoney(Number(p.amountMinor), p.currency, "en-GB")} · {stageLabel(p.stage)}
                {p.delayed ? " · delayed" : ""}
              </li>
            ))}
          </ul>
        </section>
        <section>
          <h2 className="font-semibold">Messages about this payout</h2>
          <ul className="mt-1 space-y-1">
            {notifications.map((n) => (
              <li key={n.id}>
                {channelLabel(n.channel)} · {notificationKindLabel(n.kind)} · {notificationStatusLabel(n.status)} ·{" "}
                {at(n.deliveredAt ?? n.sentAt ?? n.queuedAt)}
              </li>
            ))}
          </ul>
        </section>
      </aside>
    </div>
  );
}
