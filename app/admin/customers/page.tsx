import Link from "next/link";
import { AdminsOnly } from "@/components/admin/admins-only";
import { type Column, DataTable } from "@/components/admin/data-table";
import { getCurrentStaff } from "@/lib/auth/session";
import { findCustomers } from "@/lib/customers/find";
import { getDb } from "@/lib/db/client";
import { formatShort } from "@/lib/format/dates";
import { maskDestination } from "@/lib/notifications/redact";

export const dynamic = "force-dynamic";
export const metadata = { title: "Customer data · Admin" };

// GET /admin/customers — find a customer to export or erase their data (ADMIN only).
export default async function CustomersPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const staff = await getCurrentStaff();
  if (staff?.role !== "ADMIN") {
    // Signed out: nothing here (the admin layout sends them to the staff sign-in).
    return staff ? (
      <AdminsOnly title="Customer data">Only admins can export or erase a customer&apos;s data.</AdminsOnly>
    ) : null;
  }
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  const customers = await findCustomers(getDb(), q);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Customer data</h1>
      <p className="text-sm text-slate-700">
        Data-protection requests: download everything stored about a customer, or erase their personal data (their
        payouts stay, anonymised, for accounting).
      </p>
      <form method="get" className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-sm">
          Email, phone, external id, payout reference or name
          <input
            name="q"
            defaultValue={q}
            maxLength={320}
            className="mt-1 w-96 max-w-full rounded border border-slate-300 px-2 py-1"
          />
        </label>
        <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white">
          Search
        </button>
      </form>
      <DataTable
        caption="Customers"
        columns={COLUMNS}
        rows={customers}
        testId="customers-table"
        empty="No customer matches."
        emptyTestId="customers-empty"
      />
    </div>
  );
}

const COLUMNS: Column<Awaited<ReturnType<typeof findCustomers>>[number]>[] = [
  {
    header: "Name",
    cell: (c) => (
      <Link href={`/admin/customers/${encodeURIComponent(c.id)}`} className="underline">
        {c.name}
      </Link>
    ),
  },
  { header: "External id", className: "font-mono", cell: (c) => c.externalId },
  { header: "Email", cell: (c) => (c.email ? maskDestination(c.email) : "—") },
  { header: "Phone", cell: (c) => (c.phone ? maskDestination(c.phone) : "—") },
  { header: "Payouts", cell: (c) => c.payouts },
  { header: "Status", cell: (c) => (c.erasedAt ? `Erased ${formatShort(c.erasedAt, "en-GB", "UTC")}` : "Active") },
];
