import { notFound } from "next/navigation";
import { type Column, DataTable } from "@/components/admin/data-table";
import { getCurrentStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { PAYOUT_METHODS } from "@/lib/eta/estimate";
import { labelled, methodLabel, reasonLabel } from "@/lib/format/admin-labels";
import { formatShort } from "@/lib/format/dates";
import { REASON_CODES } from "@/lib/payouts/stages";
import { EndNotice, PublishNotice } from "./notice-forms";

export const dynamic = "force-dynamic";
export const metadata = { title: "Incident notices" };

const utcMinute = (date: Date) => date.toISOString().slice(0, 16);

// GET /admin/notices — notices customers see on the pages of affected payouts.
export default async function NoticesPage() {
  const staff = await getCurrentStaff();
  if (!staff) {
    notFound();
  }
  const now = new Date();
  const notices = await getDb().incidentNotice.findMany({ orderBy: { createdAt: "desc" }, take: 50 });
  const at = (d: Date | null) => (d ? formatShort(d, "en-GB", "UTC") : "—");
  const columns: Column<(typeof notices)[number]>[] = [
    { header: "Methods", cell: (n) => n.methods.map(methodLabel).join(", ") },
    { header: "Countries", cell: (n) => (n.countries.length > 0 ? n.countries.join(", ") : "all") },
    {
      header: "Runs (UTC)",
      className: "whitespace-nowrap",
      cell: (n) => (
        <>
          {at(n.startsAt)} – {at(n.endsAt)}
        </>
      ),
    },
    {
      header: "Text (en / de)",
      cell: (n) => (
        <>
          <span className="block">{n.messageEn}</span>
          <span className="block" lang="de">
            {n.messageDe}
          </span>
        </>
      ),
    },
    {
      header: "ETA shift",
      cell: (n) =>
        n.etaShiftHours > 0
          ? `+${n.etaShiftHours} h (${reasonLabel(n.reasonCode)})${n.shiftedAt ? " · applied" : " · pending"}`
          : "—",
    },
    {
      header: "State",
      cell: (n) => {
        const running = n.startsAt <= now && n.endsAt > now;
        return (
          <>
            {running ? "running " : n.endsAt <= now ? "ended" : "scheduled "}
            {n.endsAt > now && staff.role === "ADMIN" ? <EndNotice id={n.id} /> : null}
          </>
        );
      },
    },
  ];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Incident notices</h1>
      {staff.role === "ADMIN" ? (
        <PublishNotice
          methods={labelled(PAYOUT_METHODS, methodLabel)}
          reasons={labelled(REASON_CODES, reasonLabel)}
          defaultStart={utcMinute(now)}
          defaultEnd={utcMinute(new Date(now.getTime() + 86_400_000))}
        />
      ) : null}
      <DataTable caption="Notices" columns={columns} rows={notices} testId="notices-table" alignTop />
    </div>
  );
}
