import Link from "next/link";
import type { ReactNode } from "react";

type SearchParams = Record<string, string | string[] | undefined>;

/** A page's query as its filter schema reads it: the first value of each key, "" as absent. */
export function filterInput(raw: SearchParams): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(raw).map(([key, value]) => {
      const first = Array.isArray(value) ? value[0] : value;
      return [key, first === "" ? undefined : first];
    }),
  );
}

/**
 * A list page's filters: a GET form (the filters live in the address, so a filtered view
 * can be shared and reloaded) with its fields and one "Filter" button. `after` follows
 * the button (a count of what the filters found).
 */
export function FilterPanel({
  children,
  after,
  submitLabel = "Filter",
}: {
  children: ReactNode;
  after?: ReactNode;
  /** the button's words, when the fields choose one item rather than filter a list */
  submitLabel?: string;
}) {
  return (
    <form method="get" className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3 text-sm">
      {children}
      <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white">
        {submitLabel}
      </button>
      {after}
    </form>
  );
}

/** A labelled free-text filter. */
export function TextFilter({
  label,
  name,
  defaultValue,
  placeholder,
}: {
  label: string;
  name: string;
  defaultValue: string | undefined;
  placeholder?: string;
}) {
  return (
    <label className="flex flex-col">
      {label}
      <input
        name={name}
        defaultValue={defaultValue ?? ""}
        placeholder={placeholder}
        className="rounded border border-slate-400 px-2 py-1"
      />
    </label>
  );
}

/** A query the filters refuse: what is wrong with each field, and a way back to the whole list. */
export function InvalidFilter({
  issues,
  clearHref,
}: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
  clearHref: string;
}) {
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 p-4">
      <h1 className="font-semibold">Invalid filter</h1>
      <ul className="mt-2 list-disc pl-6 text-sm">
        {issues.map((issue) => (
          <li key={issue.path.join(".")}>
            {issue.path.join(".")}: {issue.message}
          </li>
        ))}
      </ul>
      <Link href={clearHref} className="mt-3 inline-block underline">
        Clear filters
      </Link>
    </div>
  );
}
