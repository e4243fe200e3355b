import { describe, expect, it } from "vitest";
import { REASON_CODES, STAGES } from "../lib/payouts/stages";
import de from "../messages/de.json";
import en from "../messages/en.json";

type Tree = { [key: string]: string | Tree };
const keys = (tree: Tree, prefix = ""): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));

describe("message catalogs", () => {
  it("have the same keys in English and German", () => {
    expect(keys(de as Tree).sort()).toEqual(keys(en as Tree).sort());
  });

  it("name every stage and explain every reason code, with what to do, in both languages", () => {
    for (const catalog of [en, de] as Tree[]) {
      const all = new Set(keys(catalog));
      for (const stage of STAGES) {
        expect(all).toContain(`stages.${stage}.label`);
        expect(all).toContain(`stages.${stage}.description`);
      }
      for (const reason of REASON_CODES) {
        expect(all).toContain(`reasons.${reason}.title`);
        expect(all).toContain(`reasons.${reason}.action`);
      }
    }
  });

  it("use the same placeholders in English and German", () => {
    const flat = (tree: Tree, prefix = ""): [string, string][] =>
      Object.entries(tree).flatMap(([k, v]) =>
        typeof v === "string" ? [[`${prefix}${k}`, v] as [string, string]] : flat(v, `${prefix}${k}.`),
      );
    // ICU arguments ({name}, {count, plural, …}) and rich-text tags (<time>…</time>).
    const placeholders = (text: string) =>
      [
        ...new Set([...text.matchAll(/\{\s*([A-Za-z_]\w*)\s*[,}]|<\/?([a-z]+)>/g)].map((m) => m[1] ?? `<${m[2]}>`)),
      ].sort();
    const german = new Map(flat(de as Tree));
    const differ = flat(en as Tree)
      .filter(([k, v]) => german.has(k) && placeholders(v).join() !== placeholders(german.get(k) ?? "").join())
      .map(([k]) => k);
    expect(differ).toEqual([]);
  });

  it("leave no German string untranslated", () => {
    const flat = (tree: Tree, prefix = ""): [string, string][] =>
      Object.entries(tree).flatMap(([k, v]) =>
        typeof v === "string" ? [[`${prefix}${k}`, v] as [string, string]] : flat(v, `${prefix}${k}.`),
      );
    const english = new Map(flat(en as Tree));
    // Product names (PayPal, Faster Payments) are the same in both languages.
    const same = flat(de as Tree).filter(
      ([k, v]) => !k.startsWith("methods.") && english.get(k) === v && v.length > 12,
    );
    expect(same).toEqual([]);
  });
});
