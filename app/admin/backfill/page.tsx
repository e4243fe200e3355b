import Link from "next/link";
import { notFound } from "next/navigation";
import { type Column, DataTable } from "@/components/admin/data-table";
import { getCurrentStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { backfillStatusLabel } from "@/lib/format/admin-labels";
import { formatShort } from "@/lib/format/dates";
import { BACKFILL_COLUMNS, MAX_BACKFILL_BYTES } from "@/lib/ingest/backfill-csv";
import { listBackfillRuns } from "@/lib/ingest/backfill-queries";
import { UploadForm } from "./backfill-forms";

export const metadata = { title: "Back-fill · Admin" };
// Who is signed in decides what this page shows: never prerendered.
export const dynamic = "force-dynamic";

export default async function BackfillPage() {
  const staff = await getCurrentStaff();
  if (!staff) {
    notFound();
  }
  const runs = await listBackfillRuns(getDb());

  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Back-fill</h1>
        <p className="text-sm text-slate-700">
          Load payout history from a CSV file. Each row is an ingest event and goes through the same checks and the same
          stage rules as the ingest API; a row whose event id is already known is skipped as a duplicate.
        </p>
      </header>

      {staff.role === "ADMIN" ? <UploadForm maxBytes={MAX_BACKFILL_BYTES} /> : null}

      <details className="rounded border border-slate-200 bg-white p-4 text-sm">
        <summary className="cursor-pointer font-semibold">File format</summary>
        <p className="mt-2">A header row naming these columns (any order), then one event per row:</p>
        <p className="mt-1 font-mono text-xs break-words">{BACKFILL_COLUMNS.join(",")}</p>
        <p className="mt-2 text-slate-700">
          Empty cells are allowed in customer_email, customer_phone, reason_code and note. occurred_at is ISO 8601 with
          an offset (2026-11-22T10:00:00Z), amount_minor is in minor units (125000 = 1,250.00), method is one of sepa,
          swift, ach, faster_payments, card, paypal, wallet. Rows are applied oldest first.
        </p>
      </details>

      <section>
        <h2 className="mb-2 text-lg font-semibold">Recent runs</h2>
        {runs.length === 0 ? (
          <p className="text-sm text-slate-700">No back-fill yet.</p>
        ) : (
          <DataTable caption="Recent runs" columns={RUN_COLUMNS} rows={runs} />
        )}
      </section>
    </div>
  );
}

const RUN_COLUMNS: Column<Awaited<ReturnType<typeof listBackfillRuns>>[number]>[] = [
  {
    header: "File",
    cell: (run) => (
      <Link href={`/admin/backfill/${run.id}`} className="text-blue-800 underline">
        {run.fileName}
      </Link>
    ),
  },
  {
    header: "Uploaded (UTC)",
    cell: (run) => (
      <>
        {formatShort(run.createdAt, "en-GB", "UTC")}
        <span className="block text-xs text-slate-600">{run.uploadedBy}</span>
      </>
    ),
  },
  { header: "Status", cell: (run) => backfillStatusLabel(run.status) },
  { header: "Rows (valid / invalid)", cell: (run) => `${run.totalRows} (${run.validRows} / ${run.invalidRows})` },
  {
    header: "Applied · duplicate · stale · rejected",
    cell: (run) =>
      run.status === "VALIDATED"
        ? "—"
        : `${run.applied} · ${run.duplicate} · ${run.stale} · ${run.rejected} (${run.processedRows} of ${run.validRows})`,
  },
];
