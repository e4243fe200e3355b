"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Keeps an open payout page current: the server says "changed" (server-sent events,
 * fed by PostgreSQL NOTIFY) and the page re-renders in place. When the browser cannot
 * hold the stream, it polls instead.
 */
export function LiveRefresh({ reference }: { reference: string }) {
  const router = useRouter();
  useEffect(() => {
    if (typeof EventSource === "undefined") {
      const timer = setInterval(() => router.refresh(), 5_000);
      return () => clearInterval(timer);
    }
    const source = new EventSource(`/api/payouts/${encodeURIComponent(reference)}/live`);
    source.addEventListener("changed", () => router.refresh());
    return () => source.close();
  }, [reference, router]);
  return null;
}
