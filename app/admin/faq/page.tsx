import { getCurrentStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { labelled, languageLabel, topicLabel } from "@/lib/format/admin-labels";
import { faqStats } from "@/lib/support/faq";
import { TEMPLATE_TOPICS } from "@/lib/templates/templates";
import { FaqForm } from "./faq-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "FAQ · Admin" };

// GET /admin/faq — help shown before the question form, and how often it answered the question.
export default async function FaqAdminPage() {
  const staff = await getCurrentStaff();
  if (!staff) {
    return null; // the admin layout sends signed-out visitors to the staff sign-in
  }
  const db = getDb();
  const [entries, stats] = await Promise.all([
    db.faqEntry.findMany({ orderBy: [{ topic: "asc" }, { locale: "asc" }, { position: "asc" }] }),
    faqStats(db),
  ]);
  const topics = labelled(TEMPLATE_TOPICS, topicLabel);
  const isAdmin = staff.role === "ADMIN";
  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-2xl font-semibold">FAQ</h1>
        <p className="max-w-3xl text-sm text-slate-700">
          Shown on a payout&apos;s page, before the question form, for the payout&apos;s stage and reasons, in the
          customer&apos;s language. &quot;Answered&quot; counts reads after which the customer asked nothing about that
          payout within 24 hours (reads younger than a day are not counted yet).
        </p>
      </header>
      <table className="w-full max-w-4xl text-left text-sm" data-testid="faq-stats">
        <thead className="bg-slate-100">
          <tr>
            <th className="px-3 py-2">Topic</th>
            <th className="px-3 py-2">Language</th>
            <th className="px-3 py-2">Question</th>
            <th className="px-3 py-2">Reads</th>
            <th className="px-3 py-2">Answered (no question within 24 h)</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const s = stats.get(e.id);
            return (
              <tr key={e.id} className="border-t border-slate-200">
                <td className="px-3 py-2">{topicLabel(e.topic)}</td>
                <td className="px-3 py-2">{languageLabel(e.locale)}</td>
                <td className="px-3 py-2">{e.question}</td>
                <td className="px-3 py-2">{s?.reads ?? 0}</td>
                <td className="px-3 py-2">
                  {s && s.settled > 0
                    ? `${s.avoided} of ${s.settled} (${Math.round((100 * s.avoided) / s.settled)} %)`
                    : "–"}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {isAdmin ? (
        <div className="grid gap-3 lg:grid-cols-2">
          <FaqForm
            entry={{ topic: "PROCESSING", locale: "en", question: "", answer: "", position: 0 }}
            topics={topics}
          />
          {entries.map((e) => (
            <FaqForm
              key={e.id}
              entry={{
                id: e.id,
                topic: e.topic,
                locale: e.locale,
                question: e.question,
                answer: e.answer,
                position: e.position,
              }}
              topics={topics}
            />
          ))}
        </div>
      ) : null}
    </div>
  );
}
