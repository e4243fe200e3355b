import { notFound } from "next/navigation";
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
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="notices-table">
          <thead className="bg-slate-100">
            <tr>
              <th className="px-3 py-2">Methods</th>
              <th className="px-3 py-2">Countries</th>
              <th className="px-3 py-2">Runs (UTC)</th>
              <th className="px-3 py-2">Text (en / de)</th>
              <th className="px-3 py-2">ETA shift</th>
              <th className="px-3 py-2">State</th>
            </tr>
          </thead>
          <tbody>
            {notices.map((n) => {
              const running = n.startsAt <= now && n.endsAt > now;
              return (
                <tr key={n.id} className="border-t border-slate-200 align-top">
                  <td className="px-3 py-2">{n.methods.map(methodLabel).join(", ")}</td>
                  <td className="px-3 py-2">{n.countries.length > 0 ? n.countries.join(", ") : "all"}</td>
                  <td className="whitespace-nowrap px-3 py-2">
                    {at(n.startsAt)} – {at(n.endsAt)}
                  </td>
                  <td className="px-3 py-2">
                    <span className="block">{n.messageEn}</span>
                    <span className="block" lang="de">
                      {n.messageDe}
                    </span>
                  </td>
                  <td className="px-3 py-2">
                    {n.etaShiftHours > 0
                      ? `+${n.etaShiftHours} h (${reasonLabel(n.reasonCode)})${n.shiftedAt ? " · applied" : " · pending"}`
                      : "—"}
                  </td>
                  <td className="px-3 py-2">
                    {running ? "running " : n.endsAt <= now ? "ended" : "scheduled "}
                    {n.endsAt > now && staff.role === "ADMIN" ? <EndNotice id={n.id} /> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
