import type { Column } from "@/components/admin/data-table";
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

/** A small table of the last 30 days in a box of its own, under its heading. */
function Breakdown<Row>({
  title,
  testId,
  columns,
  rows,
  rowKey,
}: {
  title: string;
  testId: string;
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
}) {
  return (
    <section className="rounded border border-slate-200 bg-white p-3 text-sm">
      <h2 className="font-semibold">{title}</h2>
      <table className="mt-2 w-full text-left" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} className="py-1">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className="border-t border-slate-200">
              {columns.map((column) => (
                <td key={column.header} className="py-1">
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

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
        <Breakdown
          title="Why payouts were delayed (30 days)"
          testId="delay-reasons"
          columns={[
            { header: "Method", cell: (d) => methodLabel(d.method) },
            { header: "Reason", cell: (d) => reasonLabel(d.reason) },
            { header: "Payouts", cell: (d) => d.payouts },
            { header: "Share of the method's delays", cell: (d) => pct(d.share) },
          ]}
          rows={delays}
          rowKey={(d) => `${d.method}-${d.reason}`}
        />
        <Breakdown
          title="What customers asked about (30 days)"
          testId="inquiry-causes"
          columns={[
            { header: "Category", cell: (c) => inquiryCategoryLabel(c.category) },
            { header: "Questions", cell: (c) => c.questions },
            { header: "Share", cell: (c) => pct(c.share) },
          ]}
          rows={causes}
          rowKey={(c) => c.category}
        />
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
