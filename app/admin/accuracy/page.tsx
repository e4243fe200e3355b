import { notFound } from "next/navigation";
import { getCurrentStaff } from "@/lib/auth/session";
import { getPgPool } from "@/lib/db/client";
import { etaAccuracy } from "@/lib/eta/accuracy";

export const dynamic = "force-dynamic";
export const metadata = { title: "ETA accuracy" };

const percent = (part: number, whole: number) => (whole === 0 ? "—" : `${Math.round((part / whole) * 100)} %`);

// GET /admin/accuracy — how honest the ETAs were, per method, over the last 30 days.
export default async function AccuracyPage() {
  if (!(await getCurrentStaff())) {
    notFound();
  }
  const rows = await etaAccuracy(getPgPool());
  const total = rows.reduce(
    (sum, r) => ({
      completed: sum.completed + r.completed,
      withinFirst: sum.withinFirst + r.withinFirst,
      withinLast: sum.withinLast + r.withinLast,
    }),
    { completed: 0, withinFirst: 0, withinLast: 0 },
  );
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">ETA accuracy</h1>
      <p className="text-sm text-slate-700">
        Payouts completed in the last 30 days: the share that arrived by the first ETA the customer was shown, and by
        the last ETA shown before completion.
      </p>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="accuracy-table">
          <thead className="bg-slate-100">
            <tr>
              <th className="px-3 py-2">Method</th>
              <th className="px-3 py-2">Completed</th>
              <th className="px-3 py-2">By the first ETA</th>
              <th className="px-3 py-2">By the last ETA</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.method} className="border-t border-slate-200">
                <td className="px-3 py-2">{r.method}</td>
                <td className="px-3 py-2">{r.completed}</td>
                <td className="px-3 py-2">
                  {percent(r.withinFirst, r.completed)} ({r.withinFirst})
                </td>
                <td className="px-3 py-2">
                  {percent(r.withinLast, r.completed)} ({r.withinLast})
                </td>
              </tr>
            ))}
            <tr className="border-t border-slate-300 font-semibold">
              <td className="px-3 py-2">All methods</td>
              <td className="px-3 py-2">{total.completed}</td>
              <td className="px-3 py-2">{percent(total.withinFirst, total.completed)}</td>
              <td className="px-3 py-2">{percent(total.withinLast, total.completed)}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
