import { randomBytes } from "node:crypto";

/** A source of uniform numbers in [0, 1), like Math.random. */
export type RandomSource = () => number;

/**
 * mulberry32: a tiny seeded PRNG, so that the demo data is the same on every
 * machine (names, amounts, stages, times); only ids are truly random.
 */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Convenience draws on top of a RandomSource. */
export class Rng {
  constructor(readonly next: RandomSource) {}

  /** A float in [min, max). */
  float(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.min(max - min, Math.floor(this.next() * (max - min + 1)));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) {
      throw new Error("pick() from an empty list");
    }
    return item;
  }

  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Partial<Record<K, number>>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) {
        return key;
      }
    }
    const last = entries.at(-1);
    if (!last) {
      throw new Error("weighted() without weights");
    }
    return last[0];
  }

  digits(count: number): string {
    let out = "";
    for (let i = 0; i < count; i++) {
      out += String(this.int(0, 9));
    }
    return out;
  }
}

/**
 * A random id suffix for external ids and event ids. Deliberately not from the
 * seeded PRNG: a second seed run must not collide with the first one's ids.
 */
export function randomId(bytes = 10): string {
  return randomBytes(bytes).toString("hex");
}
