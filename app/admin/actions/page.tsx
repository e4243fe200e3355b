import Link from "next/link";
import { AdminsOnly } from "@/components/admin/admins-only";
import { type Column, DataTable } from "@/components/admin/data-table";
import { getCurrentStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { reasonLabel, stageLabel } from "@/lib/format/admin-labels";
import { SAMPLE_ACTION_VALUES } from "@/lib/payouts/action-url";
import { linkRules } from "@/lib/payouts/guidance";
import { type GuidanceListRow, listGuidance } from "@/lib/payouts/guidance-admin";
import { defaultActionUrls, type GuidanceReason, type GuidedStage, guidanceTexts } from "@/lib/payouts/guidance-rules";
import { GuidanceForm } from "./guidance-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Customer guidance · Admin" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const stageName = (stage: GuidedStage) => stageLabel(stage);
/** NONE: the stage's own row. */
const reasonName = (reason: GuidanceReason) =>
  reason === "NONE" ? "No reason, and reasons without their own row" : reasonLabel(reason);

const editHref = (row: { stage: string; reason: string }) =>
  `/admin/actions?stage=${row.stage}&reason=${row.reason}#editor`;

function guidanceColumns(stage: GuidedStage): Column<GuidanceListRow>[] {
  return [
    {
      header: "Reason",
      cell: (r) => (
        <>
          {reasonName(r.reason)}
          {r.override ? <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-900">custom</span> : null}
        </>
      ),
    },
    { header: "Where the money is", cell: (r) => r.effective.en.whereMoney },
    { header: "What happens next", cell: (r) => r.effective.en.next },
    {
      header: "Button",
      cell: (r) =>
        r.effective.en.action ? (
          <>
            {r.effective.en.action.label}
            <br />
            <span className="break-all text-xs text-slate-600">{r.effective.en.action.url}</span>
          </>
        ) : (
          <span className="text-slate-600">only with the payout system&apos;s link</span>
        ),
    },
    {
      header: "Edit",
      headerHidden: true,
      cell: (r) => (
        <Link href={editHref(r)} className="underline">
          Edit<span className="sr-only"> {`${stageName(stage)} · ${reasonName(r.reason)}`}</span>
        </Link>
      ),
    },
  ];
}

// GET /admin/actions — what customers read about a stopped payout (where the money is,
// what happens next) and where its button leads, per stage and reason. Admins only.
export default async function CustomerGuidancePage({ searchParams }: Props) {
  const staff = await getCurrentStaff();
  if (staff?.role !== "ADMIN") {
    // Signed out: nothing here (the admin layout sends them to the staff sign-in).
    return staff ? (
      <AdminsOnly title="Customer guidance">Only admins can see and change customer guidance.</AdminsOnly>
    ) : null;
  }
  const raw = await searchParams;
  const db = getDb();
  const links = linkRules();
  const rows = await listGuidance(db, links);
  const selected = rows.find((r) => r.stage === raw.stage && r.reason === raw.reason) ?? null;

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Customer guidance</h1>
        <p className="max-w-3xl text-sm text-slate-700">
          When a payout stops (action required, on hold, failed, returned, canceled) the customer reads where the money
          is and what happens next, with a button to where they act — on the payout page, the tracking link, in emails
          and text messages. Each text comes from the row of the payout&apos;s stage and reason, else from the
          stage&apos;s own row; an empty field uses the built-in text. The button leads to the link the payout system
          sent with the payout (<code>action_url</code>), else to the default link below, with{" "}
          <code>{"{reference}"}</code> and <code>{"{external_id}"}</code> filled in. Changes show at once.
        </p>
        <p className="max-w-3xl text-sm text-slate-700" data-testid="allowed-hosts">
          Links must be https on{" "}
          {links.hosts.length > 0 ? (
            <>
              ACTION_URL_HOSTS ({links.hosts.join(", ")})
              {links.appHost ? <> or this app&apos;s own host ({links.appHost})</> : null}
            </>
          ) : (
            <>
              this app&apos;s own host ({links.appHost ?? "none"}): ACTION_URL_HOSTS is not set, so the payout
              system&apos;s links are refused
            </>
          )}
          .
        </p>
      </header>

      {selected ? <Editor row={selected} rows={rows} links={links} /> : null}

      {(["ACTION_REQUIRED", "ON_HOLD", "FAILED", "RETURNED", "CANCELED"] as const).map((stage) => (
        <section key={stage} aria-labelledby={`g-${stage}`} className="rounded border border-slate-200 bg-white">
          <h2 id={`g-${stage}`} className="border-b border-slate-200 px-3 py-2 font-semibold">
            {stageName(stage)}
          </h2>
          <DataTable
            caption={stageName(stage)}
            columns={guidanceColumns(stage)}
            rows={rows.filter((r) => r.stage === stage)}
            rowKey={(r) => r.reason}
            rowData={(r) => ({ "data-reason": r.reason, "aria-current": r === selected ? "true" : undefined })}
            testId={`guidance-${stage}`}
            framed={false}
            alignTop
          />
        </section>
      ))}
    </div>
  );
}

async function Editor({
  row,
  rows,
  links,
}: {
  row: GuidanceListRow;
  rows: GuidanceListRow[];
  links: ReturnType<typeof linkRules>;
}) {
  // What an empty field means: the texts and link a customer gets without this row.
  const others = rows.flatMap((r) => (r.override && r !== row ? [r.override] : []));
  const fallback = {
    en: guidanceTexts(row.stage, row.reason, "en", others),
    de: guidanceTexts(row.stage, row.reason, "de", others),
  };
  const fallbackUrl = defaultActionUrls(row.stage, row.reason, others)[0] ?? null;
  // The newest real payout in this stage and reason, for the link preview (else a sample).
  const real = await getDb().payout.findFirst({
    where: { stage: row.stage, ...(row.reason === "NONE" ? {} : { reasonCode: row.reason }) },
    orderBy: { createdAt: "desc" },
    select: { reference: true, externalId: true },
  });
  const o = row.override;
  return (
    <section id="editor" aria-labelledby="editor-title" className="rounded border border-slate-300 bg-white p-3">
      <h2 id="editor-title" className="font-semibold">
        {stageName(row.stage)} · {reasonName(row.reason)}
      </h2>
      <GuidanceForm
        key={`${row.stage}|${row.reason}`}
        stage={row.stage}
        reason={row.reason}
        initial={{
          whereMoneyEn: o?.text.en.whereMoney ?? "",
          whereMoneyDe: o?.text.de.whereMoney ?? "",
          nextEn: o?.text.en.next ?? "",
          nextDe: o?.text.de.next ?? "",
          actionLabelEn: o?.text.en.actionLabel ?? "",
          actionLabelDe: o?.text.de.actionLabel ?? "",
          actionUrl: o?.actionUrl ?? "",
        }}
        fallback={{
          whereMoneyEn: fallback.en.whereMoney ?? "",
          whereMoneyDe: fallback.de.whereMoney ?? "",
          nextEn: fallback.en.next ?? "",
          nextDe: fallback.de.next ?? "",
          actionLabelEn: fallback.en.actionLabel ?? "",
          actionLabelDe: fallback.de.actionLabel ?? "",
          actionUrl: fallbackUrl ?? "",
        }}
        custom={o !== null}
        hosts={links.hosts}
        appHost={links.appHost}
        sample={
          real
            ? { reference: real.reference, externalId: real.externalId, label: `payout ${real.reference}` }
            : { ...SAMPLE_ACTION_VALUES, label: `a sample payout (${SAMPLE_ACTION_VALUES.reference})` }
        }
      />
    </section>
  );
}
