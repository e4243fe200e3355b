import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { formatShort } from "@/lib/format/dates";
import { maskDestination } from "@/lib/notifications/redact";
import { listOutboxReplyEmails } from "@/lib/support/reply-email-records";

/**
 * Support reply emails recorded here instead of sent. They belong to no payout event, so
 * they are not rows of the list above (lib/support/reply-email.ts says why); no secret in
 * them, so every staff member sees them, like the payout messages.
 */
export async function SupportReplyOutbox() {
  const rows = await listOutboxReplyEmails(getDb());
  if (rows.length === 0) {
    return null;
  }
  return (
    <section aria-labelledby="support-replies-heading" className="space-y-2">
      <h2 id="support-replies-heading" className="text-lg font-semibold">
        Support replies
      </h2>
      <p className="text-sm text-slate-700">The newest 20 emails telling a customer that support answered.</p>
      <ul className="space-y-2" data-testid="outbox-support-replies">
        {rows.map((m) => (
          <li key={m.id} className="rounded border border-slate-200 bg-white p-3 text-sm" data-testid="outbox-reply">
            <p className="font-medium">
              {formatShort(m.createdAt, "en-GB", "UTC")} UTC · Email to {maskDestination(m.destination)} ·{" "}
              {m.customerName} ·{" "}
              <Link href={`/admin/support/${encodeURIComponent(m.inquiryId)}`} className="text-blue-800 underline">
                {m.reference}
              </Link>{" "}
              · {m.status}
            </p>
            <p>{m.subject}</p>
            <details>
              <summary className="cursor-pointer text-blue-800 underline">Text</summary>
              <pre className="mt-1 whitespace-pre-wrap break-words font-sans">{m.bodyText}</pre>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
