import { getCurrentCustomer } from "@/lib/auth/session";
import { databaseUrl as currentDatabaseUrl, getDb } from "@/lib/db/client";
import { customerCountry, nextNoticeChange, noticeApplies } from "@/lib/notices/notices";
import { withHttpMetrics } from "@/lib/ops/http-metrics";
import { onShutdown } from "@/lib/ops/shutdown";
import { subscribeToNotices, subscribeToPayout } from "@/lib/payouts/live-updates";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 25_000;
/** A notice's start or end further away than this is looked up again then (timers stay short). */
const MAX_TIMER_MS = 6 * 3_600_000;
/** Past the moment a notice starts or ends, so that the page renders after it. */
const BOUNDARY_SLACK_MS = 1_000;

// GET /api/payouts/:reference/live — server-sent events: "changed" whenever the page would
// show something else — the payout changed (stage, ETA, delay, note; any source), support
// replied or resolved a question about it, or an incident notice that concerns it was
// published, ended, or starts or ends now. The page then refreshes itself. Only for the
// payout's own customer.
async function live(request: Request, { params }: { params: Promise<{ reference: string }> }): Promise<Response> {
  const { reference } = await params;
  const customer = await getCurrentCustomer();
  const payout =
    customer && reference.length <= 40
      ? await getDb().payout.findFirst({
          where: { reference, customerId: customer.id },
          select: { id: true, method: true, customer: { select: { phone: true } } },
        })
      : null;
  if (!payout) {
    return Response.json({ error: "not_found" }, { status: 404 });
  }
  const country = customerCountry(payout.customer.phone);
  const databaseUrl = currentDatabaseUrl();
  const encoder = new TextEncoder();
  let closed = false;
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const changed = () => send("event: changed\ndata: {}\n\n");
      // A notice that starts or ends by the clock sends no NOTIFY: wake up then.
      let timer: NodeJS.Timeout | null = null;
      const scheduleNoticeTimer = async () => {
        const next = await nextNoticeChange(getDb(), payout.method, country).catch(() => null);
        if (timer) {
          clearTimeout(timer);
          timer = null;
        }
        if (!next || closed) {
          return;
        }
        const wait = next.getTime() - Date.now() + BOUNDARY_SLACK_MS;
        timer = setTimeout(
          () => {
            timer = null;
            if (wait <= MAX_TIMER_MS) {
              changed();
            }
            void scheduleNoticeTimer();
          },
          Math.min(Math.max(wait, 0), MAX_TIMER_MS),
        );
      };
      // Tells the browser how soon to reconnect if the stream drops.
      send("retry: 3000\n\n");
      const unsubscribePayout = await subscribeToPayout(databaseUrl, payout.id, changed);
      // Published or ended in another process: the hub has already dropped this process's
      // cached notices (lib/payouts/live-updates.ts), so the page reads them afresh.
      const unsubscribeNotices = await subscribeToNotices(databaseUrl, (scope) => {
        if (!scope || noticeApplies(scope, payout.method, country)) {
          changed();
        }
        void scheduleNoticeTimer();
      });
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      // The process is stopping: end the stream, or `next start` waits for it (lib/ops/shutdown.ts).
      const offShutdown = onShutdown(() => {
        cleanup();
        try {
          controller.close();
        } catch {}
      });
      cleanup = () => {
        closed = true;
        offShutdown();
        clearInterval(heartbeat);
        if (timer) {
          clearTimeout(timer);
        }
        unsubscribePayout();
        unsubscribeNotices();
      };
      if (request.signal.aborted) {
        // The browser left while we were subscribing: its abort event has already fired.
        cleanup();
        return;
      }
      request.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {}
      });
      await scheduleNoticeTimer();
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}

export const GET = withHttpMetrics("/api/payouts/[reference]/live", live);
