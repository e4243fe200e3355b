import Link from "next/link";
import { type Column, DataTable } from "@/components/admin/data-table";
import { ChoiceFilter, FilterPanel, filterInput, InvalidFilter } from "@/components/admin/filter-panel";
import { SelectField } from "@/components/ui/select-field";
import { getCurrentStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { countLabel, inquiryCategoryLabel, inquiryStatusLabel, labelled, stageLabel } from "@/lib/format/admin-labels";
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
  const parsed = ZQueueFilters.safeParse(filterInput(await searchParams));
  if (!parsed.success) {
    return <InvalidFilter issues={parsed.error.issues} clearHref="/admin/support" />;
  }
  const filters = parsed.data;
  const { rows, total } = await supportQueue(getDb(), filters);
  const now = Date.now();
  const columns: Column<(typeof rows)[number]>[] = [
    { header: "Priority", cell: (r) => PRIORITY[r.priority] ?? r.priority },
    {
      header: "Waiting",
      cell: (r) => (
        <span title={formatShort(r.createdAt, "en-GB", "UTC")}>
          {Math.max(0, Math.round((now - r.createdAt.getTime()) / 3_600_000))} h
        </span>
      ),
    },
    {
      header: "Customer",
      cell: (r) => (
        <Link href={`/admin/support/${r.id}`} className="text-blue-800 underline">
          {r.customer.name}
        </Link>
      ),
    },
    {
      header: "Payout",
      className: "font-mono",
      cell: (r) => (
        <>
          {r.payout.reference} <span className="font-sans">({stageLabel(r.payout.stage)})</span>
        </>
      ),
    },
    { header: "Category", cell: (r) => inquiryCategoryLabel(r.category) },
    {
      header: "Status",
      cell: (r) => `${inquiryStatusLabel(r.status)} · ${countLabel("messages", r._count.messages)}`,
    },
  ];
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Support queue</h1>
      <FilterPanel
        after={
          <span className="text-slate-700" data-testid="question-count">
            {countLabel("questions", total)}
          </span>
        }
      >
        <SelectField
          label="Status"
          name="status"
          options={[...labelled(INQUIRY_STATUSES, inquiryStatusLabel), { value: "ALL", label: "All" }]}
          defaultValue={filters.status}
        />
        <ChoiceFilter
          label="Category"
          name="category"
          options={labelled(INQUIRY_CATEGORIES, inquiryCategoryLabel)}
          filters={filters}
          any="All"
        />
      </FilterPanel>
      <DataTable caption="Questions" columns={columns} rows={rows} testId="support-queue" />
    </div>
  );
}
