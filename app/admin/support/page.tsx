import Link from "next/link";
import { getCurrentStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { countLabel, inquiryCategoryLabel, inquiryStatusLabel, stageLabel } from "@/lib/format/admin-labels";
import { formatShort } from "@/lib/format/dates";
import { INQUIRY_CATEGORIES, INQUIRY_STATUSES, supportQueue, ZQueueFilters } from "@/lib/support/inquiries";

export const dynamic = "force-dynamic";
export const metadata = { title: "Support queue · Admin" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const PRIORITY = ["normal", "delayed payout", "urgent"];

// GET /admin/support — customers' questions, the most urgent and the longest waiting first.
export default async function SupportQueuePage({ searchParams }: Props) {
  const staff = await getCurrentStaff();
  if (!staff) {
    return null; // the admin layout sends signed-out visitors to the staff sign-in
  }
  const raw = await searchParams;
  const parsed = ZQueueFilters.safeParse(
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v === "" ? undefined : v])),
  );
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
        <Link href="/admin/support" className="mt-3 inline-block underline">
          Clear filters
        </Link>
      </div>
    );
  }
  const filters = parsed.data;
  const { rows, total } = await supportQueue(getDb(), filters);
  const now = Date.now();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Support queue</h1>
      <form method="get" className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col">
          Status
          <select name="status" defaultValue={filters.status} className="rounded border border-slate-400 px-2 py-1">
            {INQUIRY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {inquiryStatusLabel(s)}
              </option>
            ))}
            <option value="ALL">All</option>
          </select>
        </label>
        <label className="flex flex-col">
          Category
          <select
            name="category"
            defaultValue={filters.category ?? ""}
            className="rounded border border-slate-400 px-2 py-1"
          >
            <option value="">All</option>
            {INQUIRY_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {inquiryCategoryLabel(c)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded border border-slate-500 px-3 py-1">
          Filter
        </button>
        <span className="text-slate-700" data-testid="question-count">
          {countLabel("questions", total)}
        </span>
      </form>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="support-queue">
          <thead className="bg-slate-100">
            <tr>
              <th className="px-3 py-2">Priority</th>
              <th className="px-3 py-2">Waiting</th>
              <th className="px-3 py-2">Customer</th>
              <th className="px-3 py-2">Payout</th>
              <th className="px-3 py-2">Category</th>
              <th className="px-3 py-2">Status</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-t border-slate-200">
                <td className="px-3 py-2">{PRIORITY[r.priority] ?? r.priority}</td>
                <td className="px-3 py-2" title={formatShort(r.createdAt, "en-GB", "UTC")}>
                  {Math.max(0, Math.round((now - r.createdAt.getTime()) / 3_600_000))} h
                </td>
                <td className="px-3 py-2">
                  <Link href={`/admin/support/${r.id}`} className="text-blue-800 underline">
                    {r.customer.name}
                  </Link>
                </td>
                <td className="px-3 py-2 font-mono">
                  {r.payout.reference} <span className="font-sans">({stageLabel(r.payout.stage)})</span>
                </td>
                <td className="px-3 py-2">{inquiryCategoryLabel(r.category)}</td>
                <td className="px-3 py-2">
                  {inquiryStatusLabel(r.status)} · {countLabel("messages", r._count.messages)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
