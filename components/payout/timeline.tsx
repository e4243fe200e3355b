import { getTranslations } from "next-intl/server";
import { type EtaPrecision, promiseFor } from "@/lib/eta/promise";
import { formatShort, formatShortDate } from "@/lib/format/dates";
import type { CustomerNote } from "@/lib/payouts/customer-view";
import type { Stage } from "@/lib/payouts/stages";
import type { TimelineStep } from "@/lib/payouts/timeline";

// Dots keep ≥ 3:1 contrast against white; the state is also written out, not shown by colour alone.
const DOT: Record<TimelineStep["state"], string> = {
  done: "bg-green-700 border-green-700 text-white",
  current: "bg-blue-700 border-blue-700 ring-4 ring-blue-100",
  upcoming: "bg-white border-slate-500",
  unreached: "bg-slate-300 border-slate-500",
};

export async function Timeline({
  steps,
  intlLocale,
  timeZone,
  currentDescription,
  notes = [],
  etaPrecision = null,
}: {
  steps: TimelineStep[];
  intlLocale: string;
  timeZone: string;
  /** the current stage's description, as the page's template has it */
  currentDescription?: string;
  /** the team's notes, newest first: each under the step it was written at (else the current one) */
  notes?: CustomerNote[];
  /** how the payout's ETA is stated: the arrival step says it the same way */
  etaPrecision?: EtaPrecision | null;
}) {
  const t = await getTranslations();
  const now = new Date();
  // A step's expected time is stated like a promise: a date when more than a day away, else a
  // time rounded up, never at night; arrival as the ETA itself is stated. With no basis for a
  // promise ("we will update you by …") no step claims one either.
  const stepExpected = (step: TimelineStep) => {
    const at = step.expectedAt ?? now;
    const promise =
      step.stage === "COMPLETED" ? { at, precision: etaPrecision ?? "TIME" } : promiseFor(at, now, timeZone);
    return (
      <p className="text-sm text-slate-600" data-testid="stage-expected">
        {t.rich(promise.precision === "DATE" ? "payout.stageExpectedDate" : "payout.stageExpected", {
          when:
            promise.precision === "DATE"
              ? formatShortDate(promise.at, intlLocale, timeZone)
              : formatShort(promise.at, intlLocale, timeZone),
          time: (chunks) => <time dateTime={promise.at.toISOString()}>{chunks}</time>,
        })}
      </p>
    );
  };
  const shown = new Set(steps.map((s) => s.stage));
  const current = steps.find((s) => s.state === "current")?.stage ?? steps.at(-1)?.stage;
  const notesAt = (stage: Stage) => notes.filter((n) => (shown.has(n.stage) ? n.stage : current) === stage);
  return (
    <ol className="relative space-y-0" data-testid="timeline">
      {steps.map((step, i) => (
        <li
          key={step.stage}
          className="relative flex gap-4 pb-6 last:pb-0"
          data-state={step.state}
          data-stage={step.stage}
          aria-current={step.state === "current" ? "step" : undefined}
        >
          {i < steps.length - 1 ? (
            <span aria-hidden="true" className="absolute left-[9px] top-5 h-full w-0.5 bg-slate-200" />
          ) : null}
          <span
            aria-hidden="true"
            className={`relative mt-1 h-5 w-5 shrink-0 rounded-full border-2 ${DOT[step.state]}`}
          />
          <div className="min-w-0">
            <p
              className={`font-medium ${step.state === "upcoming" || step.state === "unreached" ? "text-slate-600" : "text-slate-900"}`}
            >
              {t(`stages.${step.stage}.label`)}
              <span className="sr-only"> — </span>
              <span className={step.state === "done" ? "sr-only" : "ml-2 text-xs font-normal text-slate-600"}>
                {t(`payout.state.${step.state}`)}
              </span>
            </p>
            {step.state === "current" ? (
              <p className="text-sm text-slate-700" data-testid="stage-description">
                {currentDescription ?? t(`stages.${step.stage}.description`)}
              </p>
            ) : null}
            {step.at ? (
              <p className="text-sm text-slate-600">
                <time dateTime={step.at.toISOString()}>{formatShort(step.at, intlLocale, timeZone)}</time>
              </p>
            ) : null}
            {notesAt(step.stage).length > 0 ? (
              <ul className="mt-2 space-y-2" data-testid="notes">
                {notesAt(step.stage).map((note) => (
                  <li
                    key={`${note.at.getTime()}-${note.text}`}
                    className="rounded-md border-l-4 border-blue-700 bg-blue-50 px-3 py-2 text-sm"
                  >
                    <p className="font-semibold">{t("payout.noteHeading")}</p>
                    <p className="whitespace-pre-line break-words">{note.text}</p>
                    <p className="text-xs text-slate-600">
                      <time dateTime={note.at.toISOString()}>{formatShort(note.at, intlLocale, timeZone)}</time>
                    </p>
                  </li>
                ))}
              </ul>
            ) : null}
            {step.expectedAt && etaPrecision !== "UPDATE" ? stepExpected(step) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
