import pg from "pg";
import { CONNECTION_SETTINGS } from "../db/client";

// applyEvent sends `NOTIFY payout_changed, '<payout id>'` in the transaction that changed
// a payout (PostgreSQL delivers it on commit). One listening connection per process
// fans it out to the open pages of that payout (server-sent events).

type Listener = () => void;

interface Hub {
  url: string;
  client: pg.Client | null;
  connecting: Promise<void> | null;
  listeners: Map<string, Set<Listener>>;
  retry: NodeJS.Timeout | null;
}

const globalForHub = globalThis as unknown as { __payoutLiveHub?: Hub };

function hub(url: string): Hub {
  if (!globalForHub.__payoutLiveHub || globalForHub.__payoutLiveHub.url !== url) {
    globalForHub.__payoutLiveHub = { url, client: null, connecting: null, listeners: new Map(), retry: null };
  }
  return globalForHub.__payoutLiveHub;
}

async function connect(h: Hub): Promise<void> {
  const client = new pg.Client({ connectionString: h.url, ...CONNECTION_SETTINGS });
  client.on("notification", (message) => {
    for (const listener of h.listeners.get(message.payload ?? "") ?? []) {
      listener();
    }
  });
  client.on("error", () => {
    // The connection is gone: listen again shortly, and tell every open page to look
    // (a change may have happened while nobody was listening).
    h.client = null;
    void client.end().catch(() => {});
    for (const set of h.listeners.values()) {
      for (const listener of set) {
        listener();
      }
    }
    scheduleReconnect(h);
  });
  await client.connect();
  await client.query("listen payout_changed");
  h.client = client;
}

function scheduleReconnect(h: Hub): void {
  if (h.retry || h.listeners.size === 0) {
    return;
  }
  h.retry = setTimeout(() => {
    h.retry = null;
    ensureConnected(h).catch(() => scheduleReconnect(h));
  }, 2_000);
  h.retry.unref();
}

function ensureConnected(h: Hub): Promise<void> {
  if (h.client) {
    return Promise.resolve();
  }
  if (!h.connecting) {
    h.connecting = connect(h).finally(() => {
      h.connecting = null;
    });
  }
  return h.connecting;
}

/** Calls `listener` whenever payout `payoutId` changes, until the returned function is called. */
export async function subscribeToPayout(
  databaseUrl: string,
  payoutId: string,
  listener: Listener,
): Promise<() => void> {
  const h = hub(databaseUrl);
  let set = h.listeners.get(payoutId);
  if (!set) {
    set = new Set();
    h.listeners.set(payoutId, set);
  }
  set.add(listener);
  try {
    await ensureConnected(h);
  } catch {
    scheduleReconnect(h);
  }
  return () => {
    set.delete(listener);
    if (set.size === 0) {
      h.listeners.delete(payoutId);
    }
  };
}
