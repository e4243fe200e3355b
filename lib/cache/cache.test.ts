import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type CacheOptions, createCache, dropCachesOn, sharedCache } from "./cache";

const T0 = new Date("2026-12-07T09:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

/** A source that counts its reads: each load gives the number of loads so far. */
function counter(overrides: Partial<CacheOptions<{ reads: number }, number>> = {}) {
  const source = { reads: 0 };
  const options: CacheOptions<{ reads: number }, number> = {
    ttlMs: 1_000,
    initial: () => 0,
    load: async (s) => ++s.reads,
    ...overrides,
  };
  return { source, options };
}

describe("a cache", () => {
  it("gives the initial value until loaded, then loads again only after its TTL or for a moment before its load", async () => {
    const { source, options } = counter();
    const cache = createCache(options);
    expect(cache.peek()).toBe(0);
    expect(await cache.get(source, T0)).toBe(1);
    expect(await cache.get(source, at(999))).toBe(1);
    expect(cache.peek()).toBe(1);
    expect(await cache.get(source, at(1_000))).toBe(2);
    // a caller asking about an earlier moment: what was loaded may lack what ended since
    expect(await cache.get(source, at(500))).toBe(3);
    expect(source.reads).toBe(3);
  });

  it("load() reads whatever the age; invalidate() makes the next get() read, peek() keeps the old value", async () => {
    const { source, options } = counter();
    const cache = createCache(options);
    await cache.get(source, T0);
    expect(await cache.load(source, at(1))).toBe(2);
    cache.invalidate();
    expect(cache.peek()).toBe(2);
    expect(await cache.get(source, at(2))).toBe(3);
    expect(await cache.get(source, at(3))).toBe(3);
  });

  it("update() changes the value and keeps its age: never loaded stays unloaded, loaded stays fresh until its TTL", async () => {
    const { source, options } = counter();
    const cache = createCache(options);
    cache.update((v) => v + 10);
    expect(cache.peek()).toBe(10);
    expect(await cache.get(source, T0)).toBe(1);
    cache.update((v) => v + 10);
    expect(await cache.get(source, at(999))).toBe(11);
    expect(await cache.get(source, at(1_000))).toBe(2);
  });

  it("a load that began before invalidate() or update() answers its caller but does not overwrite the change", async () => {
    let release = () => {};
    const { source, options } = counter({
      load: async (s) => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return ++s.reads * 100;
      },
    });
    const cache = createCache(options);
    const slow = cache.get(source, T0);
    cache.update(() => 7);
    release();
    expect(await slow).toBe(100);
    expect(cache.peek()).toBe(7);
    // never stored: the next get() loads
    const next = cache.get(source, at(1));
    release();
    expect(await next).toBe(200);
    expect(cache.peek()).toBe(200);
  });

  it("callers that come while a load runs share it; one after a drop loads again", async () => {
    const releases: (() => void)[] = [];
    const { source, options } = counter({
      load: async (s) => {
        await new Promise<void>((resolve) => releases.push(resolve));
        return ++s.reads;
      },
    });
    const cache = createCache(options);
    const waiting = [cache.get(source, T0), cache.get(source, at(10)), cache.get(source, at(20))];
    expect(releases).toHaveLength(1);
    releases[0]?.();
    expect(await Promise.all(waiting)).toEqual([1, 1, 1]);
    expect(source.reads).toBe(1);

    // a change this process made: a load that began before it is not shared
    const stale = cache.get(source, at(2_000));
    cache.invalidate();
    const fresh = cache.get(source, at(2_001));
    expect(releases).toHaveLength(3);
    for (const release of releases) {
      release();
    }
    expect(await stale).toBe(2);
    expect(await fresh).toBe(3);
    expect(cache.peek()).toBe(3);
  });

  it("is dropped by a NOTIFY on its channel, and only on its own", async () => {
    const channel = `test_${randomUUID()}`;
    const { source, options } = counter({ channel });
    const cache = createCache(options);
    await cache.get(source, T0);
    dropCachesOn(`${channel}_other`);
    expect(await cache.get(source, at(1))).toBe(1);
    dropCachesOn(channel);
    expect(await cache.get(source, at(2))).toBe(2);
  });

  it("shared under one name, its value is one per process; a cache of its own shares nothing", async () => {
    const name = `test-${randomUUID()}`;
    const { source, options } = counter();
    const one = sharedCache(name, options);
    const two = sharedCache(name, options);
    expect(await one.get(source, T0)).toBe(1);
    expect(two.peek()).toBe(1);
    expect(await two.get(source, at(1))).toBe(1);
    two.invalidate();
    expect(await one.get(source, at(2))).toBe(2);
    expect(createCache(options).peek()).toBe(0);
  });
});
