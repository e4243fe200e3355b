import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getCurrentStaff } from "@/lib/auth/session";
import { getPgPool } from "@/lib/db/client";
import { poolSql } from "@/lib/db/sql";
import { type AccuracyFigures, etaAccuracy } from "@/lib/eta/accuracy";

export const dynamic = "force-dynamic";
export const metadata = { title: "ETA accuracy · Admin" };

// The admin console is written in English (its words from the English catalog, kept in both).
const LOCALE = "en";
const INTL = "en-GB";
const WEEKS = 8;

const percentFormat = new Intl.NumberFormat(INTL, { style: "percent", maximumFractionDigits: 0 });
const hoursFormat = new Intl.NumberFormat(INTL, {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: "exceptZero",
});
const weekFormat = new Intl.DateTimeFormat(INTL, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

type T = Awaited<ReturnType<typeof getTranslations<"adminAccuracy">>>;

const share = (t: T, part: number, whole: number) => (whole === 0 ? t("none") : percentFormat.format(part / whole));
const hours = (t: T, value: number | null) =>
  value === null ? t("none") : t("hours", { hours: hoursFormat.format(value) });

const NUM = "px-2 py-1.5 text-right tabular-nums";

/** The figures' cells, in the order of the header's columns after the first. */
function FigureCells({ t, f }: { t: T; f: AccuracyFigures }) {
  return (
    <>
      <td className={NUM}>{f.completed}</td>
      <td className={NUM}>{f.withoutEta}</td>
      <td className={NUM}>{share(t, f.byFirst, f.completed)}</td>
      <td className={NUM}>{share(t, f.byLast, f.completed)}</td>
      <td className={NUM}>{hours(t, f.medianSlackFirstHours)}</td>
      <td className={NUM}>{hours(t, f.medianSlackLastHours)}</td>
      <td className={NUM}>{share(t, f.revised, f.completed)}</td>
      <td className={NUM}>{share(t, f.calibration.byTypical, f.calibration.withTypical)}</td>
      <td className={NUM}>{share(t, f.calibration.byPromise, f.calibration.promises)}</td>
    </>
  );
}

function FigureHeaders({ t, first }: { t: T; first: string }) {
  const columns = [
    "completed",
    "withoutEta",
    "byFirst",
    "byLast",
    "slackFirst",
    "slackLast",
    "revised",
    "byTypical",
    "byPromise",
  ] as const;
  return (
    <tr>
      <th scope="col" className="px-2 py-1.5 text-left align-bottom font-semibold">
        {first}
      </th>
      {columns.map((c) => (
        <th key={c} scope="col" className="px-2 py-1.5 text-right align-bottom font-semibold">
          {t(`column.${c}`)}
        </th>
      ))}
    </tr>
  );
}

// GET /admin/accuracy — how honest the ETAs were, per method and per week, over the last 8 weeks.
export default async function AccuracyPage() {
  if (!(await getCurrentStaff())) {
    notFound();
  }
  const [report, t, tm] = await Promise.all([
    etaAccuracy(poolSql(getPgPool()), new Date(), WEEKS),
    getTranslations({ locale: LOCALE, namespace: "adminAccuracy" }),
    getTranslations({ locale: LOCALE, namespace: "methods" }),
  ]);
  const active = report.methods.filter((m) => m.total.completed + m.total.withoutEta > 0);
  const idle = report.methods.filter((m) => m.total.completed + m.total.withoutEta === 0);
  const lastWeek = report.weeks.at(-1)?.getTime();
  const typicalMissing = report.overall.calibration.promises > 0 && report.overall.calibration.withTypical === 0;
  const tableClass = "w-full min-w-[60rem] border-collapse text-sm";
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="max-w-3xl text-sm text-slate-700">{t("intro", { weeks: WEEKS })}</p>
      </header>

      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className={tableClass} data-testid="accuracy-table">
          <caption className="px-2 py-2 text-left font-semibold">{t("summaryCaption", { weeks: WEEKS })}</caption>
          <thead className="bg-slate-100">
            <FigureHeaders t={t} first={t("column.method")} />
          </thead>
          <tbody>
            {active.map((m) => (
              <tr key={m.method} className="border-t border-slate-200" data-method={m.method}>
                <th scope="row" className="px-2 py-1.5 text-left font-normal">
                  {tm(m.method)}
                  <span className="block text-xs text-slate-600">
                    {t("column.aim")} {percentFormat.format(m.quantile)}
                  </span>
                </th>
                <FigureCells t={t} f={m.total} />
              </tr>
            ))}
            <tr className="border-t-2 border-slate-300 font-semibold">
              <th scope="row" className="px-2 py-1.5 text-left">
                {t("allMethods")}
              </th>
              <FigureCells t={t} f={report.overall} />
            </tr>
          </tbody>
        </table>
      </div>
      {idle.length > 0 ? (
        <p className="text-sm text-slate-700">
          {t("noCompletions", { methods: idle.map((m) => tm(m.method)).join(", ") })}
        </p>
      ) : null}

      {active.length > 0 ? (
        <div className="overflow-x-auto rounded border border-slate-200 bg-white">
          <table className={tableClass} data-testid="accuracy-weeks">
            <caption className="px-2 py-2 text-left font-semibold">{t("weeklyCaption")}</caption>
            <thead className="bg-slate-100">
              <FigureHeaders t={t} first={t("column.week")} />
            </thead>
            {active.map((m) => (
              <tbody key={m.method} data-method={m.method}>
                <tr className="border-t-2 border-slate-300 bg-slate-50">
                  <th scope="rowgroup" colSpan={10} className="px-2 py-1.5 text-left font-semibold">
                    {t("methodGroup", { method: tm(m.method), aim: percentFormat.format(m.quantile) })}
                  </th>
                </tr>
                {m.weeks.map((w) => (
                  <tr key={w.week.toISOString()} className="border-t border-slate-200">
                    <th scope="row" className="px-2 py-1.5 text-left font-normal whitespace-nowrap">
                      {t(w.week.getTime() === lastWeek ? "thisWeek" : "weekOf", { date: weekFormat.format(w.week) })}
                    </th>
                    <FigureCells t={t} f={w.figures} />
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      ) : null}

      <section className="max-w-4xl space-y-2 text-sm text-slate-700">
        <h2 className="text-base font-semibold text-slate-900">{t("notes.heading")}</h2>
        <p>{t("notes.shares")}</p>
        <p>{t("notes.firstLast")}</p>
        <p>{t("notes.slack")}</p>
        <p>{t("notes.revised")}</p>
        <p>{t("notes.calibration")}</p>
        {typicalMissing ? <p>{t("notes.typicalMissing")}</p> : null}
      </section>
    </div>
  );
}
