import Link from "next/link";
import { notFound } from "next/navigation";
import { SelectField } from "@/components/ui/select-field";
import { getCurrentStaff } from "@/lib/auth/session";
import { PAYOUT_METHODS } from "@/lib/eta/estimate";
import { countLabel, labelled, methodLabel, reasonLabel, stageLabel } from "@/lib/format/admin-labels";
import { formatShort } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import { listPayoutsForAdmin, ZPayoutFilters } from "@/lib/payouts/admin-queries";
import { STAGES } from "@/lib/payouts/stages";

export const metadata = { title: "Payouts · Admin" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AdminPayoutsPage({ searchParams }: Props) {
  const staff = await getCurrentStaff();
  if (!staff) {
    notFound();
  }
  const raw = await searchParams;
  const input = Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v === "" ? undefined : v]),
  );
  const parsed = ZPayoutFilters.safeParse(input);
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
        <Link href="/admin/payouts" className="mt-3 inline-block underline">
          Clear filters
        </Link>
      </div>
    );
  }
  const filters = parsed.data;
  const { rows, total, pages } = await listPayoutsForAdmin(filters);
  const pageLink = (page: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) {
      if (v !== undefined && k !== "page") {
        params.set(k, String(v));
      }
    }
    params.set("page", String(page));
    return `/admin/payouts?${params.toString()}`;
  };

  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold">Payouts</h1>
      <form className="mb-4 flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3" method="get">
        <label className="flex flex-col text-sm">
          Search
          <input
            name="q"
            defaultValue={filters.q}
            placeholder="Reference or email"
            className="rounded border border-slate-400 px-2 py-1"
          />
        </label>
        <SelectField
          label="Stage"
          name="stage"
          options={labelled(STAGES, stageLabel)}
          empty="Any"
          defaultValue={filters.stage}
        />
        <SelectField
          label="Method"
          name="method"
          options={labelled(PAYOUT_METHODS, methodLabel)}
          empty="Any"
          defaultValue={filters.method}
        />
        <SelectField
          label="Delayed"
          name="delayed"
          options={[
            { value: "yes", label: "Delayed" },
            { value: "no", label: "On time" },
          ]}
          empty="Any"
          defaultValue={filters.delayed}
        />
        <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white">
          Filter
        </button>
      </form>

      <p className="mb-2 text-sm text-slate-700" data-testid="result-count">
        {countLabel("payouts", total)} · page {filters.page} of {pages}
      </p>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-100">
            <tr>
              <th className="px-3 py-2">Reference</th>
              <th className="px-3 py-2">Customer</th>
              <th className="px-3 py-2">Amount</th>
              <th className="px-3 py-2">Method</th>
              <th className="px-3 py-2">Stage</th>
              <th className="px-3 py-2">ETA (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.reference} className="border-t border-slate-200">
                <td className="px-3 py-2 font-mono">
                  <Link href={`/admin/payouts/${r.reference}`} className="text-blue-800 underline">
                    {r.reference}
                  </Link>
                </td>
                <td className="px-3 py-2">
                  {r.customer.name}
                  <span className="block text-xs text-slate-600">{r.customer.email}</span>
                </td>
                <td className="px-3 py-2">{formatMoney(r.amountMinor, r.currency, "en-GB")}</td>
                <td className="px-3 py-2">{methodLabel(r.method)}</td>
                <td className="px-3 py-2">
                  {stageLabel(r.stage)}
                  {r.delayed ? (
                    <span className="ml-1 text-orange-800">· delayed ({reasonLabel(r.delayReason)})</span>
                  ) : null}
                </td>
                <td className="px-3 py-2">{r.etaAt ? formatShort(r.etaAt, "en-GB", "UTC") : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pagination" className="mt-3 flex gap-3 text-sm">
        {filters.page > 1 ? (
          <Link href={pageLink(filters.page - 1)} className="underline">
            ← Previous
          </Link>
        ) : null}
        {filters.page < pages ? (
          <Link href={pageLink(filters.page + 1)} className="underline">
            Next →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
