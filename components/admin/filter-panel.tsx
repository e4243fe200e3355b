import Link from "next/link";
import type { ReactNode } from "react";
import { SelectField, type SelectOption } from "@/components/ui/select-field";

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

/**
 * A labelled choice among the list's codes, showing the list's current filter of that name;
 * "Any" (the empty choice) leaves the list unfiltered.
 */
export function ChoiceFilter({
  label,
  name,
  options,
  filters,
  any = "Any",
}: {
  label: string;
  name: string;
  options: readonly SelectOption[];
  /** the list's parsed filters */
  filters: Readonly<Record<string, unknown>>;
  /** the empty choice's words */
  any?: string;
}) {
  const value = filters[name];
  return (
    <SelectField
      label={label}
      name={name}
      options={options}
      empty={any}
      defaultValue={typeof value === "string" ? value : undefined}
    />
  );
}

/** The list at `path` with the same filters on another page; filters left empty stay out of the address. */
export function pageHref(path: string, filters: Record<string, unknown>, page: number): string {
  const query = new URLSearchParams();
  const values: Record<string, unknown> = { ...filters, page };
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== "") {
      query.set(key, String(value));
    }
  }
  return `${path}?${query.toString()}`;
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
