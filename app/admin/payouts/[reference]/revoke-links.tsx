"use client";

import { useAction } from "next-safe-action/hooks";
import { useFormMessage } from "@/components/admin/use-form-message";
import { FormFeedback } from "@/components/ui/form-status";
import { revokeLinksAction } from "./actions";

/** Switches off the payout's tracking links (a customer says a message was forwarded, or lost a phone). */
export function RevokeLinks({ reference, live, liveText }: { reference: string; live: number; liveText: string }) {
  const feedback = useFormMessage();
  const revoke = useAction(revokeLinksAction, {
    onSettled: ({ result }) => feedback.settle(result, (data) => data.summary, "Could not revoke."),
  });
  return (
    <section className="rounded border border-slate-200 bg-white p-4 text-sm" aria-labelledby="links-heading">
      <h2 id="links-heading" className="font-semibold">
        Tracking links
      </h2>
      <p data-testid="live-links">{liveText} in messages (a read-only view of this payout, no sign-in).</p>
      <p className="text-xs text-slate-600">
        Revoking switches off the links already sent; the next message about this payout carries a new one.
      </p>
      <button
        type="button"
        disabled={revoke.isPending || live === 0}
        onClick={() => revoke.execute({ reference })}
        className="mt-2 rounded bg-red-800 px-3 py-1.5 font-medium text-white disabled:opacity-60"
      >
        Revoke all tracking links
      </button>
      <FormFeedback message={feedback.message} className="mt-2" testId="links-feedback" />
    </section>
  );
}
