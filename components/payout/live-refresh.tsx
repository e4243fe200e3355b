"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/**
 * Keeps an open payout page current: the server says "changed" (server-sent events,
 * fed by PostgreSQL NOTIFY) and the page re-renders in place. When the browser cannot
 * hold the stream, it polls instead.
 */
export function LiveRefresh({ reference, announcement }: { reference: string; announcement: string }) {
  const router = useRouter();
  const [updates, setUpdates] = useState(0);
  useEffect(() => {
    if (typeof EventSource === "undefined") {
      const timer = setInterval(() => router.refresh(), 5_000);
      return () => clearInterval(timer);
    }
    const source = new EventSource(`/api/payouts/${encodeURIComponent(reference)}/live`);
    source.addEventListener("changed", () => {
      router.refresh();
      setUpdates((n) => n + 1);
    });
    return () => source.close();
  }, [reference, router]);
  // Screen readers hear that the page changed under them.
  return (
    <p role="status" className="sr-only">
      {updates > 0 ? announcement : ""}
    </p>
  );
}
