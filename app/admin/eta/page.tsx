import { type Column, DataTable } from "@/components/admin/data-table";
import { getCurrentStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { listDurations } from "@/lib/eta/duration-admin";
import { MIN_LEARNING_SAMPLES, PAYOUT_METHODS } from "@/lib/eta/durations";
import { type PayoutMethod, RAILS } from "@/lib/eta/estimate";
import { getEtaSettings } from "@/lib/eta/settings-admin";
import { methodLabel, stageLabel } from "@/lib/format/admin-labels";
import { DurationForm } from "./duration-form";
import { EtaSettingsForm } from "./settings-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Stage durations · Admin" };

const SOURCE: Record<string, string> = { CONFIGURED: "configured", LEARNED: "learned", DEFAULT: "default" };
const hours = (h: number) => (h < 10 ? h.toFixed(2).replace(/\.?0+$/, "") : h.toFixed(1));

// GET /admin/eta — the expected business hours per method and stage the ETA engine uses.
export default async function EtaDurationsPage() {
  const staff = await getCurrentStaff();
  if (!staff) {
    return null; // the admin layout sends signed-out visitors to the staff sign-in
  }
  const [methods, settings] = await Promise.all([listDurations(getDb()), getEtaSettings(getDb())]);
  const isAdmin = staff.role === "ADMIN";
  const columns = (method: PayoutMethod): Column<(typeof methods)[number]["stages"][number]>[] => [
    { header: "Stage", cell: (s) => stageLabel(s.stage) },
    {
      header: "Default p50 / p90 h",
      cell: (s) => `${hours(s.defaultHours.p50)} / ${hours(s.defaultHours.p90)}`,
    },
    {
      header: "Learned p50 / p90 / p95 h (visits)",
      cell: (s) =>
        s.learned === null
          ? "—"
          : `${hours(s.learned.p50)} / ${hours(s.learned.p90)} / ${s.learned.p95 === null ? "—" : hours(s.learned.p95)} (${s.samples})`,
    },
    {
      header: "In use p50 / p90",
      cellTestId: "in-use",
      cell: (s) => `${hours(s.effective.p50)} / ${hours(s.effective.p90)} · ${SOURCE[s.effective.source]}`,
    },
    {
      header: "Configured p90 h",
      cell: (s) =>
        isAdmin ? (
          <DurationForm
            method={method}
            stage={s.stage}
            name={`${methodLabel(method)} · ${stageLabel(s.stage)}`}
            configured={s.configuredHours}
          />
        ) : (
          (s.configuredHours ?? "—")
        ),
    },
  ];
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">ETA model</h1>
        <p className="max-w-3xl text-sm text-slate-700">
          A stage&apos;s time counts where its work happens: review stages (verifying, under review, approved) in the
          operations team&apos;s working hours below, bank stages (processing, sent) on the rail&apos;s banking days and
          hours after its cut-off, intake around the clock. Durations are working hours: the median (p50) and the 90th
          percentile (p90). In use: an admin&apos;s configured p90; else the quantiles learned every hour from payouts
          completed in the last 90 days, once at least {MIN_LEARNING_SAMPLES} stage visits back them; else the default.
          The ETA shown is the chosen quantile of the whole remaining time, rounded later. Other app processes pick
          changes up within a minute.
        </p>
      </header>
      {isAdmin ? (
        <EtaSettingsForm
          settings={settings}
          methods={PAYOUT_METHODS.map((m) => ({ value: m, label: methodLabel(m) }))}
        />
      ) : (
        <p className="text-sm">
          Operations hours: {settings.opsStart}–{settings.opsEnd} {settings.opsTimeZone}
        </p>
      )}
      {methods.map(({ method, stages }) => {
        const { cutoff, calendar } = RAILS[method];
        return (
          <section key={method} aria-labelledby={`m-${method}`} className="rounded border border-slate-200 bg-white">
            <h2 id={`m-${method}`} className="border-b border-slate-200 px-3 py-2 font-semibold">
              {methodLabel(method)}
              <span className="ml-2 text-sm font-normal text-slate-700">
                {cutoff && calendar
                  ? `banking days ${calendar.holidays === "EU" ? "(TARGET2)" : `(${calendar.holidays})`}, cut-off ${String(cutoff.hour).padStart(2, "0")}:${String(cutoff.minute).padStart(2, "0")} ${calendar.zone}`
                  : "around the clock, no cut-off"}
              </span>
            </h2>
            <DataTable
              caption={`Stage durations · ${methodLabel(method)}`}
              columns={columns(method)}
              rows={stages}
              rowKey={(s) => s.stage}
              rowData={(s) => ({ "data-stage": s.stage })}
              testId={`durations-${method}`}
              framed={false}
            />
          </section>
        );
      })}
    </div>
  );
}
