import { getCurrentStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { listDurations } from "@/lib/eta/duration-admin";
import { MIN_LEARNING_SAMPLES } from "@/lib/eta/durations";
import { METHOD_CUTOFF } from "@/lib/eta/estimate";
import { DurationForm } from "./duration-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Stage durations · Admin" };

const SOURCE: Record<string, string> = { CONFIGURED: "configured", LEARNED: "learned p80", DEFAULT: "default" };

// GET /admin/eta — the expected business hours per method and stage the ETA engine uses.
export default async function EtaDurationsPage() {
  const staff = await getCurrentStaff();
  if (!staff) {
    return null; // the admin layout sends signed-out visitors to the staff sign-in
  }
  const methods = await listDurations(getDb());
  const isAdmin = staff.role === "ADMIN";
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Stage durations</h1>
        <p className="max-w-3xl text-sm text-slate-700">
          Expected business hours per stage (weekends and the rail&apos;s bank holidays do not count). In use: an
          admin&apos;s configured value; else the 80th percentile learned every hour from payouts completed in the last
          90 days, once at least {MIN_LEARNING_SAMPLES} stage visits back it; else the default. Cleared values go back
          to learned or default. Other app processes pick changes up within a minute.
        </p>
      </header>
      {methods.map(({ method, stages }) => {
        const cutoff = METHOD_CUTOFF[method];
        return (
          <section key={method} aria-labelledby={`m-${method}`} className="rounded border border-slate-200 bg-white">
            <h2 id={`m-${method}`} className="border-b border-slate-200 px-3 py-2 font-semibold">
              {method}
              <span className="ml-2 text-sm font-normal text-slate-700">
                {cutoff
                  ? `cut-off ${String(cutoff.hour).padStart(2, "0")}:${String(cutoff.minute).padStart(2, "0")} ${cutoff.zone}`
                  : "no cut-off"}
              </span>
            </h2>
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm" data-testid={`durations-${method}`}>
                <thead className="bg-slate-100">
                  <tr>
                    <th className="px-3 py-2">Stage</th>
                    <th className="px-3 py-2">Default h</th>
                    <th className="px-3 py-2">Learned p80 h (visits)</th>
                    <th className="px-3 py-2">In use</th>
                    <th className="px-3 py-2">Configured h</th>
                  </tr>
                </thead>
                <tbody>
                  {stages.map((s) => (
                    <tr key={s.stage} className="border-t border-slate-200" data-stage={s.stage}>
                      <td className="px-3 py-2">{s.stage}</td>
                      <td className="px-3 py-2">{s.defaultHours}</td>
                      <td className="px-3 py-2">
                        {s.learnedHours === null ? "—" : `${s.learnedHours} (${s.samples})`}
                      </td>
                      <td className="px-3 py-2" data-testid="in-use">
                        {s.effective.hours} · {SOURCE[s.effective.source]}
                      </td>
                      <td className="px-3 py-2">
                        {isAdmin ? (
                          <DurationForm method={method} stage={s.stage} configured={s.configuredHours} />
                        ) : (
                          (s.configuredHours ?? "—")
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </div>
  );
}
