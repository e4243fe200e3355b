import { BarChart } from "@/components/ui/bar-chart";
import { getCurrentStaff } from "@/lib/auth/session";
import { getDb, getPgPool } from "@/lib/db/client";
import { poolSql } from "@/lib/db/sql";
import { inquiryCategoryLabel, methodLabel, reasonLabel } from "@/lib/format/admin-labels";
import { formatShort } from "@/lib/format/dates";
import { ALERT_RULES } from "@/lib/support/alerts";
import { delayReasonBreakdown, topInquiryCauses, weeklyKpis } from "@/lib/support/kpis";

export const dynamic = "force-dynamic";
export const metadata = { title: "KPIs · Admin" };

const pct = (x: number) => `${Math.round(x * 100)} %`;
const hours = (x: number) => (x < 10 ? `${x.toFixed(1)} h` : `${Math.round(x)} h`);
const weekLabel = (d: Date) => `${d.getUTCDate()}.${d.getUTCMonth() + 1}.`;

// GET /admin/kpis — support and delay figures per week, and the alerts sent.
export default async function KpiPage() {
  const staff = await getCurrentStaff();
  if (!staff) {
    return null; // the admin layout sends signed-out visitors to the staff sign-in
  }
  const sql = poolSql(getPgPool());
  const [weeks, delays, causes, alerts] = await Promise.all([
    weeklyKpis(sql),
    delayReasonBreakdown(sql),
    topInquiryCauses(sql),
    getDb().opsAlert.findMany({ orderBy: { createdAt: "desc" }, take: 20 }),
  ]);
  const series = (pick: (w: (typeof weeks)[number]) => number | null) =>
    weeks.map((w) => ({ label: weekLabel(w.week), value: pick(w) }));
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">KPIs</h1>
        <p className="text-sm text-slate-700">Per ISO week (UTC, by the Monday it starts), the last 8 weeks.</p>
      </header>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        <BarChart
          title="First response time (mean)"
          points={series((w) => w.firstResponseHours)}
          format={hours}
          testId="kpi-frt"
        />
        <BarChart title="Handling time to resolution (mean)" points={series((w) => w.handlingHours)} format={hours} />
        <BarChart title="First-contact resolution" points={series((w) => w.firstContactResolution)} format={pct} />
        <BarChart title="CSAT (share rating 4–5 of 5)" points={series((w) => w.csat)} format={pct} testId="kpi-csat" />
        <BarChart
          title="NPS (promoters − detractors)"
          points={series((w) => w.nps)}
          format={(v) => Math.round(v).toString()}
        />
        <BarChart title="Questions asked" points={series((w) => w.questions)} format={(v) => String(v)} />
      </div>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="kpi-table">
          <caption className="p-2 text-left font-semibold">The same figures</caption>
          <thead className="bg-slate-100">
            <tr>
              <th className="px-3 py-2">Week of</th>
              <th className="px-3 py-2">Questions</th>
              <th className="px-3 py-2">First response</th>
              <th className="px-3 py-2">Handling</th>
              <th className="px-3 py-2">FCR</th>
              <th className="px-3 py-2">CSAT</th>
              <th className="px-3 py-2">NPS</th>
              <th className="px-3 py-2">Survey answers</th>
            </tr>
          </thead>
          <tbody>
            {weeks.map((w) => (
              <tr key={w.week.toISOString()} className="border-t border-slate-200">
                <td className="px-3 py-2">{w.week.toISOString().slice(0, 10)}</td>
                <td className="px-3 py-2">{w.questions}</td>
                <td className="px-3 py-2">{w.firstResponseHours === null ? "–" : hours(w.firstResponseHours)}</td>
                <td className="px-3 py-2">{w.handlingHours === null ? "–" : hours(w.handlingHours)}</td>
                <td className="px-3 py-2">{w.firstContactResolution === null ? "–" : pct(w.firstContactResolution)}</td>
                <td className="px-3 py-2">{w.csat === null ? "–" : pct(w.csat)}</td>
                <td className="px-3 py-2">{w.nps === null ? "–" : Math.round(w.nps)}</td>
                <td className="px-3 py-2">{w.answers}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <section className="rounded border border-slate-200 bg-white p-3 text-sm">
          <h2 className="font-semibold">Why payouts were delayed (30 days)</h2>
          <table className="mt-2 w-full text-left" data-testid="delay-reasons">
            <thead>
              <tr>
                <th className="py-1">Method</th>
                <th className="py-1">Reason</th>
                <th className="py-1">Payouts</th>
                <th className="py-1">Share of the method&apos;s delays</th>
              </tr>
            </thead>
            <tbody>
              {delays.map((d) => (
                <tr key={`${d.method}-${d.reason}`} className="border-t border-slate-200">
                  <td className="py-1">{methodLabel(d.method)}</td>
                  <td className="py-1">{reasonLabel(d.reason)}</td>
                  <td className="py-1">{d.payouts}</td>
                  <td className="py-1">{pct(d.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="rounded border border-slate-200 bg-white p-3 text-sm">
          <h2 className="font-semibold">What customers asked about (30 days)</h2>
          <table className="mt-2 w-full text-left" data-testid="inquiry-causes">
            <thead>
              <tr>
                <th className="py-1">Category</th>
                <th className="py-1">Questions</th>
                <th className="py-1">Share</th>
              </tr>
            </thead>
            <tbody>
              {causes.map((c) => (
                <tr key={c.category} className="border-t border-slate-200">
                  <td className="py-1">{inquiryCategoryLabel(c.category)}</td>
                  <td className="py-1">{c.questions}</td>
                  <td className="py-1">{pct(c.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <section className="rounded border border-slate-200 bg-white p-3 text-sm">
        <h2 className="font-semibold">Alerts emailed to admins</h2>
        <p className="text-slate-700">
          Checked every 5 minutes over the last hour against the 7 days before: a method&apos;s delayed share ≥{" "}
          {pct(ALERT_RULES.delayedShare.threshold)} or failure rate ≥ {pct(ALERT_RULES.failureRate.threshold)},
          notification failures ≥ {pct(ALERT_RULES.notificationFailures.threshold)}, or any of them double its baseline;
          at most one alert per condition per hour.
        </p>
        <ul className="mt-2 space-y-1" data-testid="alerts">
          {alerts.map((a) => (
            <li key={a.id}>
              {formatShort(a.createdAt, "en-GB", "UTC")} UTC · {a.message}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
