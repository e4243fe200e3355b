import Link from "next/link";
import { notFound } from "next/navigation";
import { type Column, DataTable } from "@/components/admin/data-table";
import { ChoiceFilter, FilterPanel, filterInput, pageHref, TextFilter } from "@/components/admin/filter-panel";
import { Pagination } from "@/components/admin/pagination";
import { AUDIT_ACTIONS, AUDIT_PAGE_SIZE, listAudit, ZAuditFilters } from "@/lib/audit/log";
import { getCurrentStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import {
  auditActionLabel,
  channelLabel,
  countLabel,
  labelled,
  languageLabel,
  methodLabel,
  reasonLabel,
  roleLabel,
  stageLabel,
  templateChannelLabel,
  topicLabel,
} from "@/lib/format/admin-labels";
import { formatShort } from "@/lib/format/dates";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// GET /admin/audit — every admin change: who, when, before and after; filterable.
export default async function AuditPage({ searchParams }: Props) {
  if (!(await getCurrentStaff())) {
    notFound();
  }
  const parsed = ZAuditFilters.safeParse(filterInput(await searchParams));
  const filters = parsed.success ? parsed.data : ZAuditFilters.parse({});
  const { entries, total } = await listAudit(getDb(), filters);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      {parsed.success ? null : (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm">
          Invalid filter: {parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}
        </p>
      )}
      <FilterPanel>
        <ChoiceFilter
          label="Action"
          name="action"
          options={labelled(AUDIT_ACTIONS, auditActionLabel)}
          filters={filters}
        />
        <TextFilter label="Payout reference" name="target" defaultValue={filters.target} />
        <TextFilter label="Staff email contains" name="staff" defaultValue={filters.staff} />
      </FilterPanel>
      <p className="text-sm text-slate-700">{countLabel("entries", total)}</p>
      <DataTable caption="Audit entries" columns={COLUMNS} rows={entries} testId="audit-table" alignTop />
      <Pagination
        page={filters.page}
        pages={pages}
        href={(page) => pageHref("/admin/audit", filters, page)}
        previous="← Newer"
        next="Older →"
        position
      />
    </div>
  );
}

type Entry = Awaited<ReturnType<typeof listAudit>>["entries"][number];

const COLUMNS: Column<Entry>[] = [
  { header: "When (UTC)", className: "whitespace-nowrap", cell: (e) => formatShort(e.at, "en-GB", "UTC") },
  { header: "Who", cell: (e) => e.staffEmail },
  { header: "Action", cell: (e) => auditActionLabel(e.action) },
  { header: "About", cell: (e) => <AuditTarget action={e.action} target={e.target} /> },
  {
    header: "Before",
    className: "whitespace-pre-line font-mono text-xs",
    cell: (e) => changed(e.before, e.after, "before"),
  },
  {
    header: "After",
    className: "whitespace-pre-line font-mono text-xs",
    cell: (e) => changed(e.before, e.after, "after"),
  },
];

/** What an entry is about, in words, linked to where it is changed. */
function AuditTarget({ action, target }: { action: string; target: string }) {
  const [first = "", second = "", third = ""] = target.split(" ");
  let href = `/admin/payouts/${encodeURIComponent(target)}`;
  let text = target;
  let mono = true;
  if (action.startsWith("NOTICE_")) {
    [href, text, mono] = ["/admin/notices", "Incident notice", false];
  } else if (action.startsWith("TEMPLATE_")) {
    const query = new URLSearchParams({ channel: first, topic: second, locale: third });
    href = `/admin/templates?${query.toString()}`;
    text = `${templateChannelLabel(first)} · ${topicLabel(second)} · ${languageLabel(third)}`;
    mono = false;
  } else if (action === "ETA_DURATION_SET") {
    [href, text, mono] = ["/admin/eta", `${methodLabel(first)} · ${stageLabel(second)}`, false];
  } else if (action === "ETA_SETTINGS_SET") {
    [href, text, mono] = ["/admin/eta", "ETA settings", false];
  } else if (action.startsWith("FAQ_")) {
    [href, text, mono] = ["/admin/faq", `${topicLabel(first)} · ${languageLabel(second)}`, false];
  } else if (action.startsWith("STAFF_")) {
    [href, mono] = ["/admin/staff", false];
  } else if (action.startsWith("GUIDANCE_")) {
    const query = new URLSearchParams({ stage: first, reason: second });
    href = `/admin/actions?${query.toString()}#editor`;
    text = `${stageLabel(first)} · ${second === "NONE" ? "any reason" : reasonLabel(second)}`;
    mono = false;
  } else if (action.startsWith("CUSTOMER_")) {
    // "customer <external id>": the customers page finds it by that id
    href = `/admin/customers?${new URLSearchParams({ q: second }).toString()}`;
    text = `Customer ${second}`;
    mono = false;
  }
  return (
    <Link href={href} className={`underline ${mono ? "font-mono" : ""}`}>
      {text}
    </Link>
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
  return keys.map((k) => `${k}: ${shown(k, source[k])}`).join("\n") || "—";
}

// Codes in a change read as the console names them elsewhere ("stage: Sent", not "SENT").
const NAMED: Record<string, (code: string) => string> = {
  stage: stageLabel,
  reasonCode: reasonLabel,
  delayReason: reasonLabel,
  etaReason: reasonLabel,
  role: roleLabel,
  method: methodLabel,
  methods: methodLabel,
  channel: templateChannelLabel,
  topic: topicLabel,
  notificationChannel: channelLabel,
};

function shown(key: string, value: unknown): string {
  const name = NAMED[key];
  if (name && typeof value === "string") {
    return name(value);
  }
  if (name && Array.isArray(value) && value.every((v) => typeof v === "string")) {
    return value.map(name).join(", ") || "—";
  }
  return JSON.stringify(value ?? null);
}
