"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { revokeLinksAction } from "./actions";

/** Switches off the payout's tracking links (a customer says a message was forwarded, or lost a phone). */
export function RevokeLinks({ reference, live, liveText }: { reference: string; live: number; liveText: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const revoke = useAction(revokeLinksAction, {
    onSettled: ({ result }) => {
      if (result.data?.ok) {
        setMessage({ text: result.data.summary, ok: true });
        router.refresh();
      } else {
        setMessage({ text: result.data?.message ?? result.serverError ?? "Could not revoke.", ok: false });
      }
    },
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
      {message ? (
        <p role={message.ok ? "status" : "alert"} className="mt-2" data-testid="links-feedback">
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
