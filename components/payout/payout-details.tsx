import { getLocale, getTranslations } from "next-intl/server";
import { ArrivalRate } from "@/components/payout/arrival-rate";
import { GuidanceBlock } from "@/components/payout/guidance-block";
import { DelayedBadge, StageChip } from "@/components/payout/stage-chip";
import { Timeline } from "@/components/payout/timeline";
import { intlLocale, isLocale } from "@/i18n/locale";
import { getDb } from "@/lib/db/client";
import { runtimeSettings } from "@/lib/env";
import type { EtaPrecision } from "@/lib/eta/promise";
import { formatDateParts, timeZoneLabel } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import { cachedActiveNotices } from "@/lib/notices/notices";
import { etaSentence, etaWhen, isStopped, placeholderValues, untyped } from "@/lib/payouts/customer-view";
import { customerGuidance } from "@/lib/payouts/guidance";
import type { PayoutDetail } from "@/lib/payouts/queries";
import { isTerminal } from "@/lib/payouts/stages";
import { templateFor } from "@/lib/templates/store";
import { fillTemplate } from "@/lib/templates/templates";

/**
 * One payout as its customer reads it: amount, stage, what is wrong and what to do, the
 * ETA (and the original one), the timeline. Shared by the signed-in payout page and the
 * read-only tracking link page.
 */
export async function PayoutDetails({
  payout,
  timeZone,
  firstName,
  view = "customer",
}: {
  payout: PayoutDetail;
  timeZone: string;
  /** for admins' page templates ({first_name}) */
  firstName: string;
  /** "link": the tracking-link page anyone with the link sees — progress and notes, not amount or method */
  view?: "customer" | "link";
}) {
  const full = view === "customer";
  const t = await getTranslations();
  const locale = await getLocale();
  const fmt = intlLocale(isLocale(locale) ? locale : "en");
  const tz = timeZone;
  const now = new Date();
  const tr = untyped(t);
  const eta = payout.etaAt ? formatDateParts(payout.etaAt, fmt, tz) : null;
  const etaPassed = payout.etaAt !== null && payout.etaAt < now;
  // How a promise reads: a date ("by Tuesday 8 December") or a time ("by Tuesday 8 December, 14:00").
  const when = (at: Date, precision: EtaPrecision | null) => etaWhen(tr, { at, precision }, fmt, tz);
  const etaLine = payout.etaAt ? etaSentence(tr, { at: payout.etaAt, precision: payout.etaPrecision }, fmt, tz) : "";
  const typical =
    payout.etaTypicalAt && payout.etaAt && payout.etaPrecision === "DATE"
      ? formatDateParts(payout.etaTypicalAt, fmt, tz)
      : null;
  const history = payout.etaHistory.length > 1 ? payout.etaHistory : [];
  const originalParts = payout.originalEtaAt ? formatDateParts(payout.originalEtaAt, fmt, tz) : null;
  // Shown only when the customer would see a different date or time.
  const original =
    originalParts && eta && (originalParts.date !== eta.date || originalParts.time !== eta.time) ? originalParts : null;
  const arrived = payout.stage === "COMPLETED" ? formatDateParts(payout.stageEnteredAt, fmt, tz) : null;

  // What the customer should know: a pause or failure (with what to do) comes before a delay.
  const offPath = isStopped(payout.stage);
  const problem = offPath
    ? { title: "", reason: payout.reasonCode }
    : payout.delayed
      ? { title: t("payout.delayedTitle"), reason: payout.delayReason }
      : null;
  const reasonKey = problem?.reason ?? "GENERIC";

  // An admin's page templates (lib/templates) replace the stage's description and "what you can do".
  const pageLocale = isLocale(locale) ? locale : "en";
  const values = placeholderValues(tr, payout, {
    firstName,
    eta: eta ? t("payout.etaShort", eta) : "",
    trackingUrl: `${runtimeSettings().appUrl}/payouts/${payout.reference}`,
    intlLocale: fmt,
    // A tracking link's page never shows the amount, also not through an admin's template.
    withAmount: full,
  });
  const pageText = (topic: string, fallback: string) => {
    const template = templateFor("PAGE", topic, pageLocale);
    return template ? fillTemplate(template, values) : fallback;
  };
  const stageDescription = pageText(payout.stage, t(`stages.${payout.stage}.description`));
  const action = pageText(`reason:${reasonKey}`, t(`reasons.${reasonKey}.action`));
  const urgent = payout.stage === "ACTION_REQUIRED" || payout.stage === "FAILED" || payout.stage === "RETURNED";

  // Where the money is, what happens next and where to act, for a stopped payout (/admin/actions),
  // and the running notices: read side by side.
  const [guidance, notices] = await Promise.all([
    customerGuidance(getDb(), payout, pageLocale),
    cachedActiveNotices(getDb(), payout.method, isLocale(locale) ? locale : "en", now, payout.customerCountry),
  ]);
  const guided = guidance.whereMoney || guidance.next || guidance.action;

  return (
    <>
      {notices.map((notice) => (
        <section
          key={notice.id}
          role="status"
          data-testid="incident-notice"
          className="rounded-lg border border-blue-300 bg-blue-50 p-4"
        >
          <h2 className="text-sm font-semibold">{t("payout.noticeHeading")}</h2>
          <p className="mt-1">{notice.message}</p>
        </section>
      ))}
      <header className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div>
            <h1 className="text-2xl font-semibold">
              {full ? formatMoney(payout.amountMinor, payout.currency, fmt) : t("track.title")}
            </h1>
            <p className="text-slate-700">{t("payouts.to", { destination: payout.destinationLabel })}</p>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            {payout.delayed ? <DelayedBadge /> : null}
            <StageChip stage={payout.stage} />
          </div>
        </div>
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
          {full ? (
            <div className="flex gap-2">
              <dt className="text-slate-600">{t("payout.method")}</dt>
              <dd>{t(`methods.${payout.method}`)}</dd>
            </div>
          ) : null}
          <div className="flex gap-2">
            <dt className="text-slate-600">{t("payout.referenceLabel")}</dt>
            <dd className="font-mono">{payout.reference}</dd>
          </div>
        </dl>
      </header>

      {problem ? (
        <section
          role={urgent ? "alert" : "status"}
          data-testid="payout-problem"
          className={`rounded-lg border p-4 ${urgent ? "border-red-300 bg-red-50" : "border-orange-300 bg-orange-50"}`}
        >
          <h2 className="font-semibold">{offPath ? stageDescription : problem.title}</h2>
          <p className="mt-1">{t(`reasons.${reasonKey}.title`)}</p>
          <h3 className="mt-3 text-sm font-semibold">{t("payout.whatToDo")}</h3>
          <p className="text-sm" data-testid="what-to-do">
            {action}
          </p>
          {guided ? <GuidanceBlock guidance={guidance} /> : null}
        </section>
      ) : guided ? (
        <section
          role="status"
          data-testid="payout-problem"
          className="rounded-lg border border-slate-300 bg-slate-50 p-4"
        >
          <h2 className="font-semibold">{stageDescription}</h2>
          <GuidanceBlock guidance={guidance} />
        </section>
      ) : null}

      <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="eta">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-600">{t("payout.etaHeading")}</h2>
        {arrived ? (
          <p className="mt-1 text-lg font-medium">{t("payout.arrived", arrived)}</p>
        ) : eta ? (
          <>
            <p className="mt-1 text-lg font-medium" data-testid="eta-now" data-eta={payout.etaAt?.toISOString()}>
              {etaPassed ? t("payout.etaPassed", eta) : etaLine}
            </p>
            {payout.etaPrecision === "UPDATE" ? (
              <p className="text-sm text-slate-700">{t("payout.etaUpdateWhy")}</p>
            ) : null}
            {typical && typical.date !== eta.date ? (
              <p className="text-sm text-slate-700">{t("payout.usually", typical)}</p>
            ) : null}
            {full && payout.etaPrecision !== "UPDATE" ? <ArrivalRate method={payout.method} /> : null}
            {original && history.length === 0 ? (
              <p className="text-sm text-slate-700">{t("payout.originally", original)}</p>
            ) : null}
            {original && payout.etaReason ? (
              <p className="text-sm text-slate-700" data-testid="eta-reason">
                {t("payout.etaRevisedBecause", { reason: t(`reasons.${payout.etaReason}.title`) })}
              </p>
            ) : null}
            {history.length > 0 ? (
              <div className="mt-2" data-testid="eta-history">
                <h3 className="text-sm font-semibold">{t("payout.historyHeading")}</h3>
                <ol className="mt-1 space-y-0.5 text-sm text-slate-700">
                  {history.map((r, i) => (
                    <li key={`${r.madeAt.getTime()}-${r.at.getTime()}-${r.source}`}>
                      {i === 0
                        ? t("payout.historyOriginal", { when: when(r.at, r.precision) })
                        : t("payout.historyRevision", {
                            when: when(r.at, r.precision),
                            why: r.reason ? t(`reasons.${r.reason}.title`) : t(`payout.etaSource.${r.source}`),
                          })}
                      {i === history.length - 1 ? ` (${t("payout.historyNow")})` : ""}
                    </li>
                  ))}
                </ol>
              </div>
            ) : null}
          </>
        ) : (
          <p className="mt-1">{isTerminal(payout.stage) ? t("payout.noEtaFinal") : t("payout.noEtaPaused")}</p>
        )}
      </section>

      <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 className="mb-4 text-lg font-semibold">{t("payout.timeline")}</h2>
        <Timeline
          steps={payout.timeline}
          intlLocale={fmt}
          timeZone={tz}
          currentDescription={stageDescription}
          // Also on the tracking link's page: a text message sends a long note there ("Our note: <link>").
          notes={payout.notes}
          etaPrecision={payout.etaPrecision}
        />
        <p className="mt-4 text-xs text-slate-600">{t("payout.timesIn", { timeZone: timeZoneLabel(tz, fmt, now) })}</p>
      </section>
    </>
  );
}
