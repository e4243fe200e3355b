import Link from "next/link";
import { notFound } from "next/navigation";
import { type Column, DataTable } from "@/components/admin/data-table";
import {
  ChoiceFilter,
  FilterPanel,
  filterInput,
  InvalidFilter,
  pageHref,
  TextFilter,
} from "@/components/admin/filter-panel";
import { Pagination } from "@/components/admin/pagination";
import { getCurrentStaff } from "@/lib/auth/session";
import { PAYOUT_METHODS } from "@/lib/eta/estimate";
import { countLabel, labelled, methodLabel, reasonLabel, stageLabel } from "@/lib/format/admin-labels";
import { formatShort } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import { listPayoutsForAdmin, ZPayoutFilters } from "@/lib/payouts/admin-queries";
import { STAGES } from "@/lib/payouts/stages";

export const metadata = { title: "Payouts · Admin" };

const DELAYED = [
  { value: "yes", label: "Delayed" },
  { value: "no", label: "On time" },
];

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AdminPayoutsPage({ searchParams }: Props) {
  const staff = await getCurrentStaff();
  if (!staff) {
    notFound();
  }
  const parsed = ZPayoutFilters.safeParse(filterInput(await searchParams));
  if (!parsed.success) {
    return <InvalidFilter issues={parsed.error.issues} clearHref="/admin/payouts" />;
  }
  const filters = parsed.data;
  const { rows, total, pages } = await listPayoutsForAdmin(filters);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Payouts</h1>
      <FilterPanel>
        <TextFilter label="Search" name="q" defaultValue={filters.q} placeholder="Reference or email" />
        <ChoiceFilter label="Stage" name="stage" options={labelled(STAGES, stageLabel)} filters={filters} />
        <ChoiceFilter label="Method" name="method" options={labelled(PAYOUT_METHODS, methodLabel)} filters={filters} />
        <ChoiceFilter label="Delayed" name="delayed" options={DELAYED} filters={filters} />
      </FilterPanel>

      <p className="text-sm text-slate-700" data-testid="result-count">
        {countLabel("payouts", total)} · page {filters.page} of {pages}
      </p>
      <DataTable caption="Payouts" columns={COLUMNS} rows={rows} rowKey={(r) => r.reference} />
      <Pagination page={filters.page} pages={pages} href={(page) => pageHref("/admin/payouts", filters, page)} />
    </div>
  );
}

type Row = Awaited<ReturnType<typeof listPayoutsForAdmin>>["rows"][number];

const COLUMNS: Column<Row>[] = [
  {
    header: "Reference",
    className: "font-mono",
    cell: (r) => (
      <Link href={`/admin/payouts/${r.reference}`} className="text-blue-800 underline">
        {r.reference}
      </Link>
    ),
  },
  {
    header: "Customer",
    cell: (r) => (
      <>
        {r.customer.name}
        <span className="block text-xs text-slate-600">{r.customer.email}</span>
      </>
    ),
  },
  { header: "Amount", cell: (r) => formatMoney(r.amountMinor, r.currency, "en-GB") },
  { header: "Method", cell: (r) => methodLabel(r.method) },
  {
    header: "Stage",
    cell: (r) => (
      <>
        {stageLabel(r.stage)}
        {r.delayed ? <span className="ml-1 text-orange-800">· delayed ({reasonLabel(r.delayReason)})</span> : null}
      </>
    ),
  },
  { header: "ETA (UTC)", cell: (r) => (r.etaAt ? formatShort(r.etaAt, "en-GB", "UTC") : "—") },
];
