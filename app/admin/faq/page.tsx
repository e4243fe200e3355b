import { type Column, DataTable } from "@/components/admin/data-table";
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
      <DataTable
        caption="How often each entry is read"
        columns={statsColumns(stats)}
        rows={entries}
        testId="faq-stats"
      />
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

type Stats = Awaited<ReturnType<typeof faqStats>>;
type Entry = { id: string; topic: string; locale: string; question: string };

function statsColumns(stats: Stats): Column<Entry>[] {
  return [
    { header: "Topic", cell: (e) => topicLabel(e.topic) },
    { header: "Language", cell: (e) => languageLabel(e.locale) },
    { header: "Question", cell: (e) => e.question },
    { header: "Reads", cell: (e) => stats.get(e.id)?.reads ?? 0 },
    {
      header: "Answered (no question within 24 h)",
      cell: (e) => {
        const s = stats.get(e.id);
        return s && s.settled > 0
          ? `${s.avoided} of ${s.settled} (${Math.round((100 * s.avoided) / s.settled)} %)`
          : "–";
      },
    },
  ];
}
