import Link from "next/link";
import { notFound } from "next/navigation";
import { AUDIT_ACTIONS, AUDIT_PAGE_SIZE, listAudit, ZAuditFilters } from "@/lib/audit/log";
import { getCurrentStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { formatShort } from "@/lib/format/dates";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

// GET /admin/audit — every admin change: who, when, before and after; filterable.
export default async function AuditPage({ searchParams }: Props) {
  if (!(await getCurrentStaff())) {
    notFound();
  }
  const raw = await searchParams;
  const parsed = ZAuditFilters.safeParse({
    action: single(raw.action),
    target: single(raw.target),
    staff: single(raw.staff),
    page: single(raw.page),
  });
  const filters = parsed.success ? parsed.data : ZAuditFilters.parse({});
  const { entries, total } = await listAudit(getDb(), filters);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const pageLink = (page: number) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...filters, page })) {
      if (value !== undefined && value !== "") {
        query.set(key, String(value));
      }
    }
    return `/admin/audit?${query.toString()}`;
  };

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      {parsed.success ? null : (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm">
          Invalid filter: {parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}
        </p>
      )}
      <form
        method="get"
        className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3 text-sm"
      >
        <label className="flex flex-col">
          Action
          <select
            name="action"
            defaultValue={filters.action ?? ""}
            className="rounded border border-slate-400 px-2 py-1"
          >
            <option value="">Any</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          Payout reference
          <input
            name="target"
            defaultValue={filters.target ?? ""}
            className="rounded border border-slate-400 px-2 py-1"
          />
        </label>
        <label className="flex flex-col">
          Staff email contains
          <input
            name="staff"
            defaultValue={filters.staff ?? ""}
            className="rounded border border-slate-400 px-2 py-1"
          />
        </label>
        <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white">
          Filter
        </button>
      </form>
      <p className="text-sm text-slate-700">{total} entries</p>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="audit-table">
          <thead className="bg-slate-100">
            <tr>
              <th className="px-3 py-2">When (UTC)</th>
              <th className="px-3 py-2">Who</th>
              <th className="px-3 py-2">Action</th>
              <th className="px-3 py-2">Payout</th>
              <th className="px-3 py-2">Before</th>
              <th className="px-3 py-2">After</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} className="border-t border-slate-200 align-top">
                <td className="whitespace-nowrap px-3 py-2">{formatShort(e.at, "en-GB", "UTC")}</td>
                <td className="px-3 py-2">{e.staffEmail}</td>
                <td className="px-3 py-2">{e.action}</td>
                <td className="px-3 py-2">
                  <Link
                    href={e.action.startsWith("NOTICE_") ? "/admin/notices" : `/admin/payouts/${e.target}`}
                    className="font-mono underline"
                  >
                    {e.target}
                  </Link>
                </td>
                <td className="whitespace-pre-line px-3 py-2 font-mono text-xs">
                  {changed(e.before, e.after, "before")}
                </td>
                <td className="whitespace-pre-line px-3 py-2 font-mono text-xs">
                  {changed(e.before, e.after, "after")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pagination" className="flex gap-3 text-sm">
        {filters.page > 1 ? <Link href={pageLink(filters.page - 1)}>← Newer</Link> : null}
        <span>
          Page {filters.page} of {pages}
        </span>
        {filters.page < pages ? <Link href={pageLink(filters.page + 1)}>Older →</Link> : null}
      </nav>
    </div>
  );
}

/** The fields that differ, as "field: value" lines, from one side. */
function changed(before: unknown, after: unknown, side: "before" | "after"): string {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]),
  );
  const source = side === "before" ? b : a;
  return keys.map((k) => `${k}: ${JSON.stringify(source[k] ?? null)}`).join("\n") || "—";
}
