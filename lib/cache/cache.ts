/**
 * What a process keeps in memory of rows that change rarely but are read on every page or
 * message: the admins' templates, the ETA model, the running notices, arrival rates. One
 * mechanism for all of them: a value loaded from a source (a connection, passed by the caller),
 * used for `ttlMs`, loaded again after that, at once after invalidate() (this process wrote a
 * change) or after a NOTIFY on its channel (another process did: dropCachesOn).
 *
 * sharedCache keeps the value on globalThis: pages, route handlers and server actions may be
 * bundled apart (and Next.js dev reloads modules), yet must see one value. Code that decides
 * takes the value, or a Cache, as an argument: tests and tools pass their own (createCache).
 */
export interface CacheOptions<S, T> {
  /** How long a loaded value is used before get() loads it again. */
  ttlMs: number;
  /** Reads the value from `source` as of `now`. */
  load: (source: S, now: Date) => Promise<T>;
  /** The value until the first load (what peek() gives then). */
  initial: () => T;
  /** A PostgreSQL NOTIFY channel: each notification on it makes the value stale (dropCachesOn). */
  channel?: string;
}

export interface Cache<S, T> {
  /** The value as it is, loaded or not: for code that cannot wait (a renderer). */
  peek(): T;
  /** The value, loaded first when it never was, is older than the TTL, was dropped, or `now` lies before its load. */
  get(source: S, now?: Date): Promise<T>;
  /** Loads the value now, whatever its age. */
  load(source: S, now?: Date): Promise<T>;
  /** Changes the value in place (a change this process just wrote), keeping its age. */
  update(change: (value: T) => T): void;
  /** Drops the value: the next get() loads. peek() keeps giving the old one until then. */
  invalidate(): void;
}

interface CacheState<T> {
  value: T;
  /** ms since the epoch of the load the value comes from; null: never loaded, or dropped */
  loadedAt: number | null;
  /** bumped by every invalidate() and update(): a load that began before one does not store its result */
  generation: number;
  /** the load get() started and has not finished: later get()s wait for it instead of loading again */
  pending: { at: number; value: Promise<T> } | null;
}

function drop(state: CacheState<unknown>): void {
  state.loadedAt = null;
  state.generation++;
  state.pending = null;
}

const globalForCaches = globalThis as unknown as {
  __ptCaches?: Map<string, CacheState<unknown>>;
  __ptCacheChannels?: Map<string, Set<CacheState<unknown>>>;
};

function channels(): Map<string, Set<CacheState<unknown>>> {
  globalForCaches.__ptCacheChannels ??= new Map();
  return globalForCaches.__ptCacheChannels;
}

function build<S, T>(options: CacheOptions<S, T>, state: CacheState<T>): Cache<S, T> {
  if (options.channel) {
    const set = channels().get(options.channel) ?? new Set();
    set.add(state as CacheState<unknown>);
    channels().set(options.channel, set);
  }
  const load = async (source: S, now: Date = new Date()): Promise<T> => {
    // A newer load (or a drop) wins over this one if it finishes first or later.
    state.generation++;
    const generation = state.generation;
    const value = await options.load(source, now);
    if (state.generation === generation) {
      state.value = value;
      state.loadedAt = now.getTime();
    }
    return value;
  };
  return {
    peek: () => state.value,
    load,
    get: async (source, now = new Date()) => {
      const at = now.getTime();
      const age = state.loadedAt === null ? null : at - state.loadedAt;
      if (age !== null && age >= 0 && age < options.ttlMs) {
        return state.value;
      }
      // Many callers at once (pages woken by one NOTIFY, a burst of messages): one load.
      const pending = state.pending;
      if (pending && at >= pending.at && at - pending.at < options.ttlMs) {
        return pending.value;
      }
      const value = load(source, now);
      const started = { at, value };
      state.pending = started;
      const settled = () => {
        if (state.pending === started) {
          state.pending = null;
        }
      };
      value.then(settled, settled);
      return value;
    },
    update: (change) => {
      state.value = change(state.value);
      state.generation++;
      state.pending = null;
    },
    invalidate: () => drop(state as CacheState<unknown>),
  };
}

/** A cache of its own (tests, tools): nothing else sees its value. */
export function createCache<S, T>(options: CacheOptions<S, T>): Cache<S, T> {
  return build(options, { value: options.initial(), loadedAt: null, generation: 0, pending: null });
}

/** The process-wide cache named `name`: every module instance that asks for the name shares its value. */
export function sharedCache<S, T>(name: string, options: CacheOptions<S, T>): Cache<S, T> {
  globalForCaches.__ptCaches ??= new Map();
  let state = globalForCaches.__ptCaches.get(name) as CacheState<T> | undefined;
  if (!state) {
    state = { value: options.initial(), loadedAt: null, generation: 0, pending: null };
    globalForCaches.__ptCaches.set(name, state as CacheState<unknown>);
  }
  return build(options, state);
}

/**
 * Drops every cache kept up to date by NOTIFY `channel`: the process's listening connection
 * (lib/payouts/live-updates.ts) calls it for each notification, and for every channel when
 * the connection was lost (a notification may have been missed meanwhile).
 */
export function dropCachesOn(channel: string): void {
  for (const state of channels().get(channel) ?? []) {
    drop(state);
  }
}
