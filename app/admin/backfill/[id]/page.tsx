import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { type Column, DataTable } from "@/components/admin/data-table";
import { getCurrentStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { backfillStatusLabel, countLabel } from "@/lib/format/admin-labels";
import { formatShort } from "@/lib/format/dates";
import { getBackfillRun } from "@/lib/ingest/backfill-queries";
import { AutoRefresh, RunControls } from "../backfill-forms";

export const metadata = { title: "Back-fill run · Admin" };

/** How many row errors and rejections the page lists (the run keeps up to 1,000 of each). */
const SHOWN = 100;

type Props = { params: Promise<{ id: string }> };

/** The counts the page shows, by the run's field: each one's words and the test id the e2e specs read it by. */
const COUNTS = {
  totalRows: ["Rows", "total-rows"],
  validRows: ["Valid", "valid-rows"],
  invalidRows: ["Invalid (skipped)", "invalid-rows"],
  existingEventIds: ["Event ids already known", "existing-event-ids"],
  applied: ["Applied", "applied"],
  duplicate: ["Duplicate", "duplicate"],
  stale: ["Stale (recorded, no change)", "stale"],
  rejected: ["Rejected", "rejected"],
} as const;

/** A grid of the counts named in `show`, read from `of`. */
function Counts<K extends keyof typeof COUNTS>({ of, show }: { of: Record<K, number>; show: readonly K[] }) {
  return (
    <dl className="mt-2 grid grid-cols-2 gap-2 text-sm md:grid-cols-4">
      {show.map((field) => (
        <div key={field}>
          <dt className="text-slate-600">{COUNTS[field][0]}</dt>
          <dd className="text-lg font-medium" data-testid={COUNTS[field][1]}>
            {of[field].toLocaleString("en-GB")}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A row the run did not apply: a row error names its column, a rejection does not. */
type Problem = { row: number; field?: string; message: string };

/** Rows the run did not apply, with why; only while there are some. */
function ProblemSection({
  title,
  intro,
  columns,
  rows,
}: {
  title: string;
  intro: ReactNode;
  columns: Column<Problem>[];
  rows: readonly Problem[];
}) {
  if (rows.length === 0) {
    return null;
  }
  return (
    <section>
      <h2 className="mb-2 text-lg font-semibold">{title}</h2>
      <p className="mb-2 text-sm text-slate-700">{intro}</p>
      <DataTable caption={title} columns={columns} rows={rows.slice(0, SHOWN)} rowKey={(_, index) => String(index)} />
    </section>
  );
}

/** A cell's text may be one long word (a mangled value): it wraps anywhere rather than widen the page. */
const WRAP = "[overflow-wrap:anywhere]";

export default async function BackfillRunPage({ params }: Props) {
  const staff = await getCurrentStaff();
  if (!staff) {
    notFound();
  }
  const { id } = await params;
  const run = /^[a-z0-9]{1,40}$/.test(id)
    ? await getBackfillRun(getDb(), id, new Date(), env.WORKER_DEAD_AFTER_SECONDS)
    : null;
  if (!run) {
    notFound();
  }
  const { report } = run;
  const isAdmin = staff.role === "ADMIN";
  const applying = run.status === "APPLYING";
  const started = run.status !== "VALIDATED";

  return (
    <div className="space-y-6">
      <Link href="/admin/backfill" className="text-sm underline">
        ← All back-fills
      </Link>
      <header>
        <h1 className="text-2xl font-semibold">{run.fileName}</h1>
        <p className="text-slate-700">
          Uploaded by {run.uploadedBy}, {formatShort(run.createdAt, "en-GB", "UTC")} UTC · status{" "}
          <span data-testid="run-status" data-status={run.status} className="font-medium">
            {backfillStatusLabel(run.status)}
          </span>
          {run.finishedAt ? ` · finished ${formatShort(run.finishedAt, "en-GB", "UTC")} UTC` : ""}
        </p>
      </header>

      <section aria-labelledby="dry-run-heading" className="rounded border border-slate-200 bg-white p-4">
        <h2 id="dry-run-heading" className="font-semibold">
          Dry run
        </h2>
        <Counts
          of={{ ...run, existingEventIds: report.existingEventIds }}
          show={["totalRows", "validRows", "invalidRows", "existingEventIds"]}
        />
        {report.existingEventIds > 0 ? (
          <p className="mt-2 text-sm text-slate-700">
            Rows with an already known event id will count as duplicates and change nothing.
          </p>
        ) : null}
        {!started && isAdmin && run.validRows > 0 ? (
          <div className="mt-3">
            <RunControls runId={run.id} mode="apply" label={countLabel("applyRows", run.validRows)} />
          </div>
        ) : null}
      </section>

      {started ? (
        <section aria-labelledby="apply-heading" className="rounded border border-slate-200 bg-white p-4">
          <h2 id="apply-heading" className="font-semibold">
            {applying ? "Applying…" : "Applied"}
          </h2>
          {applying && !run.resumable ? <AutoRefresh /> : null}
          {run.waitingForWorker ? (
            <p role="status" className="mt-2 text-sm text-amber-900" data-testid="waiting-for-worker">
              Waiting for a worker: no worker process is running, so nothing applies this run yet. It starts (or
              continues where it stopped) as soon as one runs: <code>npm run worker</code>, or <code>npm start</code>{" "}
              without START_WORKER=0.
            </p>
          ) : null}
          {applying && run.job?.lastError && run.job.attempts < run.job.maxAttempts ? (
            <p className="mt-2 text-sm text-slate-700" data-testid="retrying">
              Try {run.job.attempts} of {run.job.maxAttempts} stopped ({run.job.lastError}); it is tried again shortly
              and continues after the last recorded progress.
            </p>
          ) : null}
          <p className="mt-2 text-sm" data-testid="progress">
            {run.processedRows.toLocaleString("en-GB")} of {run.validRows.toLocaleString("en-GB")} rows processed
          </p>
          <progress
            className="mt-1 w-full"
            value={run.processedRows}
            max={Math.max(run.validRows, 1)}
            aria-label="Rows processed"
          />
          <Counts of={run} show={["applied", "duplicate", "stale", "rejected"]} />
          {report.failure && run.status === "FAILED" ? (
            <p role="alert" className="mt-2 text-sm text-red-800">
              The run stopped: {report.failure}
            </p>
          ) : null}
          {run.resumable ? (
            <div className="mt-3">
              <p className="mb-2 text-sm text-slate-700">
                {run.status === "FAILED"
                  ? "Resume continues after the last recorded progress;"
                  : "No progress for 5 minutes: its job has run out of tries or hangs. Resume queues it again; it continues after the last recorded progress;"}{" "}
                rows applied since then count as duplicates, never twice.
              </p>
              {isAdmin ? <RunControls runId={run.id} mode="resume" label="Resume" /> : null}
            </div>
          ) : null}
        </section>
      ) : null}

      <ProblemSection
        title="Rejected rows"
        intro={
          <>
            Valid rows that applying refused (a stage rule, a payout's owner or amount, a time in the future); nothing
            was written for them.
            {run.rejected > SHOWN ? ` The first ${SHOWN} of ${run.rejected}.` : ""}
          </>
        }
        columns={[
          { header: "Row", className: WRAP, cell: (r) => r.row },
          { header: "Reason", className: WRAP, cell: (r) => r.message },
        ]}
        rows={report.rejections}
      />
      <ProblemSection
        title="Row errors"
        intro={
          <>
            Invalid rows are skipped. Row numbers count the header as row 1, as a spreadsheet does.
            {report.errors.length > SHOWN ? ` The first ${SHOWN} of ${report.errors.length} listed.` : ""}
          </>
        }
        columns={[
          { header: "Row", className: WRAP, cell: (e) => e.row },
          {
            header: "Column",
            className: WRAP,
            cell: (e) => <span className="font-mono whitespace-nowrap">{e.field}</span>,
          },
          { header: "Problem", className: WRAP, cell: (e) => e.message },
        ]}
        rows={report.errors}
      />
    </div>
  );
}
