import { getCurrentCustomer } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { subscribeToPayout } from "@/lib/payouts/live-updates";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 25_000;

// GET /api/payouts/:reference/live — server-sent events: "changed" whenever the payout
// changes; the page then refreshes itself. Only for the payout's own customer.
export async function GET(request: Request, { params }: { params: Promise<{ reference: string }> }): Promise<Response> {
  const { reference } = await params;
  const customer = await getCurrentCustomer();
  const payout =
    customer && reference.length <= 40
      ? await getDb().payout.findFirst({ where: { reference, customerId: customer.id }, select: { id: true } })
      : null;
  if (!payout) {
    return Response.json({ error: "not_found" }, { status: 404 });
  }
  const databaseUrl = process.env.DATABASE_URL as string;
  const encoder = new TextEncoder();
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
      // Tells the browser how soon to reconnect if the stream drops.
      send("retry: 3000\n\n");
      const unsubscribe = await subscribeToPayout(databaseUrl, payout.id, () => send("event: changed\ndata: {}\n\n"));
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
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
