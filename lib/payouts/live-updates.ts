import pg from "pg";
import { dropCachesOn } from "../cache/cache";
import { CONNECTION_SETTINGS } from "../db/client";

// Open payout pages learn of changes through PostgreSQL NOTIFY (delivered on commit, so a
// page never looks before the change is visible). One listening connection per process
// fans them out to the open pages (server-sent events, app/api/payouts/[reference]/live):
// - `payout_changed`, payload the payout id: applyEvent (every stage, ETA, delay or note
//   change, from every source), and a support reply or resolution in its thread;
// - `notices_changed`, payload the notice's scope as JSON ({"methods":[…],"countries":[…]}):
//   an incident notice published or ended. A notice that starts or ends later on its own
//   sends nothing at that moment: the live route keeps a timer for the next such moment.
// Each notification first drops this process's caches kept by its channel (lib/cache: the
// running notices), so that the pages it wakes read afresh.

const CHANNELS = ["payout_changed", "notices_changed"] as const;

/** In a transaction: the open pages of payout $1 look again once it commits. */
export const NOTIFY_PAYOUT_CHANGED_SQL = "select pg_notify('payout_changed', $1::text)";
/** In a transaction: every open page a notice of scope $1 (noticeScopePayload) concerns looks again. */
export const NOTIFY_NOTICES_CHANGED_SQL = "select pg_notify('notices_changed', $1::text)";

/** Which payouts a notice concerns: its methods, and its customers' countries (empty = all). */
export interface NoticeScope {
  methods: string[];
  countries: string[];
}

export function noticeScopePayload(scope: NoticeScope): string {
  // A NOTIFY payload holds at most 8000 bytes: a notice names a few methods and countries.
  return JSON.stringify({ methods: scope.methods, countries: scope.countries });
}

function parseScope(payload: string | undefined): NoticeScope | null {
  try {
    const value = JSON.parse(payload ?? "") as Partial<NoticeScope>;
    return Array.isArray(value.methods) && Array.isArray(value.countries)
      ? { methods: value.methods.map(String), countries: value.countries.map(String) }
      : null;
  } catch {
    return null;
  }
}

type Listener = () => void;
/** Called with the changed notice's scope; null = unknown (the connection was lost meanwhile). */
type NoticeListener = (scope: NoticeScope | null) => void;

interface Hub {
  url: string;
  client: pg.Client | null;
  connecting: Promise<void> | null;
  listeners: Map<string, Set<Listener>>;
  noticeListeners: Set<NoticeListener>;
  retry: NodeJS.Timeout | null;
}

// On globalThis: route handlers and pages may be bundled apart, and must share one connection.
const globalForHub = globalThis as unknown as { __payoutLiveHub?: Hub };

function hub(url: string): Hub {
  if (!globalForHub.__payoutLiveHub || globalForHub.__payoutLiveHub.url !== url) {
    globalForHub.__payoutLiveHub = {
      url,
      client: null,
      connecting: null,
      listeners: new Map(),
      noticeListeners: new Set(),
      retry: null,
    };
  }
  return globalForHub.__payoutLiveHub;
}

function hasListeners(h: Hub): boolean {
  return h.listeners.size > 0 || h.noticeListeners.size > 0;
}

async function connect(h: Hub): Promise<void> {
  const client = new pg.Client({ connectionString: h.url, ...CONNECTION_SETTINGS });
  client.on("notification", (message) => {
    dropCachesOn(message.channel);
    if (message.channel === "notices_changed") {
      const scope = parseScope(message.payload);
      for (const listener of [...h.noticeListeners]) {
        listener(scope);
      }
      return;
    }
    for (const listener of [...(h.listeners.get(message.payload ?? "") ?? [])]) {
      listener();
    }
  });
  client.on("error", () => {
    // The connection is gone: listen again shortly, and tell every open page to look
    // (a change may have happened while nobody was listening), with no stale cache.
    h.client = null;
    for (const channel of CHANNELS) {
      dropCachesOn(channel);
    }
    void client.end().catch(() => {});
    for (const set of h.listeners.values()) {
      for (const listener of [...set]) {
        listener();
      }
    }
    for (const listener of [...h.noticeListeners]) {
      listener(null);
    }
    scheduleReconnect(h);
  });
  await client.connect();
  await client.query(CHANNELS.map((channel) => `listen ${channel}`).join("; "));
  h.client = client;
}

function scheduleReconnect(h: Hub): void {
  if (h.retry || !hasListeners(h)) {
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
    if (set.size === 0 && h.listeners.get(payoutId) === set) {
      h.listeners.delete(payoutId);
    }
  };
}

/**
 * Calls `listener` whenever an incident notice is published or ended (with its scope, for
 * the listener to decide whether it concerns its payout), until the returned function is called.
 */
export async function subscribeToNotices(databaseUrl: string, listener: NoticeListener): Promise<() => void> {
  const h = hub(databaseUrl);
  h.noticeListeners.add(listener);
  try {
    await ensureConnected(h);
  } catch {
    scheduleReconnect(h);
  }
  return () => {
    h.noticeListeners.delete(listener);
  };
}

/** Closes this process's listening connection (tests; a process that stops serving pages). */
export async function stopLiveUpdates(): Promise<void> {
  const h = globalForHub.__payoutLiveHub;
  if (!h) {
    return;
  }
  globalForHub.__payoutLiveHub = undefined;
  if (h.retry) {
    clearTimeout(h.retry);
  }
  h.listeners.clear();
  h.noticeListeners.clear();
  await h.connecting?.catch(() => {});
  await h.client?.end().catch(() => {});
}
