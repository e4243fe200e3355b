import Link from "next/link";
import { notFound } from "next/navigation";
import { getCurrentStaff } from "@/lib/auth/session";
import { customerSummary } from "@/lib/customers/find";
import { getDb } from "@/lib/db/client";
import { formatShort } from "@/lib/format/dates";
import { EraseCustomer } from "./erase-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Customer data · Admin" };

// GET /admin/customers/[id] — one customer's stored data: download it, or erase it (ADMIN only).
export default async function CustomerDataPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await getCurrentStaff();
  if (!staff) {
    return null;
  }
  if (staff.role !== "ADMIN") {
    notFound();
  }
  const { id } = await params;
  const customer = id.length <= 64 ? await customerSummary(getDb(), id) : null;
  if (!customer) {
    notFound();
  }
  const facts: [string, string][] = [
    ["External id", customer.externalId],
    ["Name", customer.name],
    ["Email", customer.email ?? "—"],
    ["Phone", customer.phone ?? "—"],
    ["Language", customer.locale],
    ["Customer since", formatShort(customer.createdAt, "en-GB", "UTC")],
    ["Payouts", String(customer.counts.payouts)],
    ["Messages", String(customer.counts.notifications)],
    ["Questions", String(customer.counts.inquiries)],
    ["Surveys", String(customer.counts.surveys)],
  ];
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/admin/customers" className="underline">
          ← Customer data
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{customer.name}</h1>
      {customer.erasedAt ? (
        <p role="status" data-testid="erased-note" className="rounded bg-slate-100 p-3 text-sm">
          Personal data erased on {formatShort(customer.erasedAt, "en-GB", "UTC")} (UTC). The payouts are kept for
          accounting; no message is sent to this customer.
        </p>
      ) : null}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm" data-testid="customer-facts">
        {facts.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-slate-600">{term}</dt>
            <dd className={term === "External id" ? "font-mono" : ""}>{value}</dd>
          </div>
        ))}
      </dl>
      <section className="rounded border border-slate-200 bg-white p-4 text-sm" aria-labelledby="export-heading">
        <h2 id="export-heading" className="font-semibold">
          Export
        </h2>
        <p className="text-slate-700">
          Everything stored about this customer as one JSON file: payouts with their events, messages, questions,
          surveys and sign-in records. The download is recorded in the audit log.
        </p>
        <a
          href={`/admin/customers/${encodeURIComponent(customer.id)}/export`}
          download
          className="mt-2 inline-block rounded bg-slate-900 px-3 py-1.5 font-medium text-white"
        >
          Download data (JSON)
        </a>
      </section>
      {customer.erasedAt ? null : <EraseCustomer customerId={customer.id} externalId={customer.externalId} />}
    </div>
  );
}
