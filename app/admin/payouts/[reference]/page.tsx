import { randomUUID } from "node:crypto";
import Link from "next/link";
import { notFound } from "next/navigation";
import { type Column, DataTable } from "@/components/admin/data-table";
import { getCurrentStaff } from "@/lib/auth/session";
import {
  channelLabel,
  countLabel,
  eventOutcomeLabel,
  eventSourceLabel,
  labelled,
  languageLabel,
  methodLabel,
  notificationStatusLabel,
  reasonLabel,
  stageLabel,
  suppressedLabel,
} from "@/lib/format/admin-labels";
import { formatShort } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import { redact } from "@/lib/notifications/redact";
import { getPayoutForAdmin } from "@/lib/payouts/admin-queries";
import { type HappyStage, nextStages, REASON_CODES, STAGES } from "@/lib/payouts/stages";
import { countLiveLinks } from "@/lib/tracking/admin";
import { RevokeLinks } from "./revoke-links";
import { StageForms } from "./stage-forms";

type Props = { params: Promise<{ reference: string }> };

export default async function AdminPayoutPage({ params }: Props) {
  const staff = await getCurrentStaff();
  if (!staff) {
    notFound();
  }
  const { reference } = await params;
  const payout = reference.length <= 40 ? await getPayoutForAdmin(reference) : null;
  if (!payout) {
    notFound();
  }
  const at = (d: Date | null) => (d ? formatShort(d, "en-GB", "UTC") : "—");
  const liveLinks = await countLiveLinks(payout.id);

  const eventColumns: Column<(typeof payout.events)[number]>[] = [
    { header: "Occurred (UTC)", cell: (e) => at(e.occurredAt) },
    {
      header: "Change",
      cell: (e) => (
        <>
          {e.fromStage && e.fromStage !== e.stage ? `${stageLabel(e.fromStage)} → ` : ""}
          {stageLabel(e.stage)}
        </>
      ),
    },
    {
      header: "Reason / delay",
      cell: (e) => (
        <>
          {e.reasonCode ? reasonLabel(e.reasonCode) : ""}
          {e.delayed ? `${e.reasonCode ? " · " : ""}delayed: ${reasonLabel(e.delayReason)}` : ""}
          {e.note ? <span className="block text-xs text-slate-600">{e.note}</span> : null}
        </>
      ),
    },
    { header: "Source", cell: (e) => eventSourceLabel(e.source) },
    { header: "Outcome", cell: (e) => eventOutcomeLabel(e.outcome) },
    {
      header: "Messages",
      className: "text-xs",
      cellTestId: "admin-notifications",
      cell: (e) => (
        <>
          {e.notifications.length === 0 ? "—" : null}
          {e.notifications.map((n) => (
            <span key={n.id} className="block">
              {channelLabel(n.channel)} {notificationStatusLabel(n.status)}
              {n.suppressedReason ? ` (${suppressedLabel(n.suppressedReason)})` : ""}
              {n.fallback ? " fallback" : ""} {at(n.deliveredAt ?? n.sentAt ?? n.failedAt ?? n.scheduledFor)}
              {n.transport ? ` via ${n.transport}` : ""}
              {n.attempts > 1 ? ` · ${countLabel("tries", n.attempts)}` : ""}
              {n.lastError ? <span className="block text-red-800">{redact(n.lastError)}</span> : null}
            </span>
          ))}
        </>
      ),
    },
    { header: "Event id", className: "font-mono text-xs", cell: (e) => e.eventId },
  ];
  return (
    <div className="space-y-6">
      <Link href="/admin/payouts" className="text-sm underline">
        ← All payouts
      </Link>
      <header>
        <h1 className="text-2xl font-semibold">
          <span className="font-mono">{payout.reference}</span> ·{" "}
          {formatMoney(payout.amountMinor, payout.currency, "en-GB")}
        </h1>
        <p className="text-slate-700">
          {payout.customer.name} · {payout.customer.email ?? "no email"} · {languageLabel(payout.customer.locale)} ·{" "}
          {payout.customer.timeZone}
        </p>
      </header>
      <dl className="grid grid-cols-2 gap-2 rounded border border-slate-200 bg-white p-4 text-sm md:grid-cols-4">
        <div>
          <dt className="text-slate-600">Stage</dt>
          <dd data-testid="admin-stage" className="font-medium">
            {stageLabel(payout.stage)}
            {payout.pausedFrom ? ` (paused at ${stageLabel(payout.pausedFrom)})` : ""}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Reason</dt>
          <dd>{reasonLabel(payout.reasonCode)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Delayed</dt>
          <dd data-testid="admin-delayed">{payout.delayed ? `yes (${reasonLabel(payout.delayReason)})` : "no"}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Method</dt>
          <dd>
            {methodLabel(payout.method)} · {payout.destinationLabel}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">ETA (UTC)</dt>
          <dd>{at(payout.etaAt)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Original ETA (UTC)</dt>
          <dd>{at(payout.originalEtaAt)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">External id</dt>
          <dd className="font-mono">{payout.externalId}</dd>
        </div>
        <div>
          <dt className="text-slate-600">In stage since (UTC)</dt>
          <dd>{at(payout.stageEnteredAt)}</dd>
        </div>
      </dl>

      {staff.role === "ADMIN" ? (
        <StageForms
          reference={payout.reference}
          nextStages={nextStages(payout.stage, payout.pausedFrom as HappyStage | null)}
          stages={labelled(STAGES, stageLabel)}
          reasons={labelled(REASON_CODES, reasonLabel)}
          delayed={payout.delayed}
          currentStage={payout.stage}
          formToken={`admin_${randomUUID()}`}
        />
      ) : null}
      {staff.role === "ADMIN" ? (
        <RevokeLinks reference={payout.reference} live={liveLinks} liveText={countLabel("workingLinks", liveLinks)} />
      ) : null}

      <section>
        <h2 className="mb-2 text-lg font-semibold">Events</h2>
        <DataTable caption="Events" columns={eventColumns} rows={payout.events} />
      </section>
    </div>
  );
}
