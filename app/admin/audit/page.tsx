import Link from "next/link";
import { notFound } from "next/navigation";
import { AUDIT_ACTIONS, AUDIT_PAGE_SIZE, listAudit, ZAuditFilters } from "@/lib/audit/log";
import { getCurrentStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import {
  auditActionLabel,
  channelLabel,
  countLabel,
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
                {auditActionLabel(a)}
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
      <p className="text-sm text-slate-700">{countLabel("entries", total)}</p>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="audit-table">
          <thead className="bg-slate-100">
            <tr>
              <th className="px-3 py-2">When (UTC)</th>
              <th className="px-3 py-2">Who</th>
              <th className="px-3 py-2">Action</th>
              <th className="px-3 py-2">About</th>
              <th className="px-3 py-2">Before</th>
              <th className="px-3 py-2">After</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} className="border-t border-slate-200 align-top">
                <td className="whitespace-nowrap px-3 py-2">{formatShort(e.at, "en-GB", "UTC")}</td>
                <td className="px-3 py-2">{e.staffEmail}</td>
                <td className="px-3 py-2">{auditActionLabel(e.action)}</td>
                <td className="px-3 py-2">
                  <AuditTarget action={e.action} target={e.target} />
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
