import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable } from "@/components/admin/data-table";
import {
  ChoiceFilter,
  FilterPanel,
  filterInput,
  InvalidFilter,
  pageHref,
  TextFilter,
} from "@/components/admin/filter-panel";
import { firstFieldError, refusalText } from "@/components/admin/form-values";
import { Pagination } from "@/components/admin/pagination";
import { SubmitButton } from "@/components/ui/form-buttons";
import { FormFeedback, FormStatus } from "@/components/ui/form-status";
import { TextField } from "@/components/ui/text-field";

/** The markup without React's text separators. */
const html = (node: Parameters<typeof renderToStaticMarkup>[0]) =>
  renderToStaticMarkup(node).replaceAll("<!-- -->", "");

type Row = { id: string; name: string };
const columns = [
  { header: "Id", cell: (r: Row) => r.id, className: "font-mono" },
  { header: "Name", cell: (r: Row) => r.name },
];

describe("admin list components", () => {
  it("a table has a caption for screen readers, column headers with scope, one row per item", () => {
    const table = html(
      createElement(DataTable<Row>, {
        caption: "People",
        columns,
        rows: [
          { id: "a1", name: "Ada" },
          { id: "b2", name: "Bo" },
        ],
        rowKey: (r) => r.id,
        testId: "people",
        rowTestId: "person",
      }),
    );
    expect(table).toContain('<caption class="sr-only">People</caption>');
    expect(table.match(/<th scope="col"/g)).toHaveLength(2);
    expect(table.match(/data-testid="person"/g)).toHaveLength(2);
    expect(table).toContain('data-testid="people"');
    expect(table).toContain('<td class="px-3 py-2 font-mono">a1</td><td class="px-3 py-2">Ada</td>');
  });

  it("rows and cells carry the page's own selectors", () => {
    const table = html(
      createElement(DataTable<Row>, {
        caption: "People",
        columns: [...columns, { header: "Greeting", cell: (r: Row) => `Hi ${r.name}`, cellTestId: "greeting" }],
        rows: [{ id: "a1", name: "Ada" }],
        rowKey: (r) => r.id,
        rowData: (r) => ({ "data-person": r.id }),
        framed: false,
      }),
    );
    expect(table).toContain('<tr class="border-t border-slate-200" data-person="a1">');
    expect(table).toContain('<td class="px-3 py-2" data-testid="greeting">Hi Ada</td>');
    expect(table).toMatch(/^<div class="overflow-x-auto">/);
  });

  it("an empty list shows its empty text instead of a table, or an empty table when it has none", () => {
    const empty = html(
      createElement(DataTable<Row>, {
        caption: "People",
        columns,
        rows: [],
        rowKey: (r) => r.id,
        empty: "Nobody yet.",
        emptyTestId: "people-empty",
      }),
    );
    expect(empty).not.toContain("<table");
    expect(empty).toContain('data-testid="people-empty">Nobody yet.</p>');
    const bare = html(createElement(DataTable<Row>, { caption: "People", columns, rows: [], rowKey: (r) => r.id }));
    expect(bare).toContain("<tbody></tbody>");
  });

  it("pagination links only to pages that exist", () => {
    const href = (page: number) => `/list?page=${page}`;
    const first = html(createElement(Pagination, { page: 1, pages: 3, href }));
    expect(first).not.toContain("Previous");
    expect(first).toContain('href="/list?page=2"');
    const last = html(
      createElement(Pagination, { page: 3, pages: 3, href, previous: "← Newer", next: "Older →", position: true }),
    );
    expect(last).toContain('href="/list?page=2"');
    expect(last).toContain("← Newer");
    expect(last).not.toContain("Older");
    expect(last).toContain("<span>Page 3 of 3</span>");
  });

  it("a filter panel is a GET form with its fields and a Filter button; a refused filter names each field", () => {
    const panel = html(
      createElement(FilterPanel, null, createElement(TextFilter, { label: "Search", name: "q", defaultValue: "PT-1" })),
    );
    expect(panel).toMatch(/^<form method="get"|^<form [^>]*method="get"/);
    expect(panel).toContain('name="q" value="PT-1"');
    expect(panel).toContain('<button type="submit"');
    const refused = html(
      createElement(InvalidFilter, {
        issues: [{ path: ["stage"], message: "Invalid option" }],
        clearHref: "/admin/payouts",
      }),
    );
    expect(refused).toContain('role="alert"');
    expect(refused).toContain("<li>stage: Invalid option</li>");
    expect(refused).toContain('href="/admin/payouts"');
  });

  it("a query reads as its first values, empty ones absent", () => {
    expect(filterInput({ stage: ["SENT", "PAID"], q: "", page: "2", none: undefined })).toEqual({
      stage: "SENT",
      q: undefined,
      page: "2",
      none: undefined,
    });
  });

  it("rows are told apart by their id unless the table says otherwise; a header may be for screen readers only", () => {
    const table = html(
      createElement(DataTable<Row>, {
        caption: "People",
        columns: [...columns, { header: "Edit", headerHidden: true, cell: (r: Row) => `edit ${r.id}` }],
        rows: [
          { id: "a1", name: "Ada" },
          { id: "b2", name: "Bo" },
        ],
        rowData: (r) => ({ "data-person": r.id, "aria-current": r.id === "b2" ? "true" : undefined }),
      }),
    );
    expect(table.match(/<tr class="border-t/g)).toHaveLength(2);
    expect(table).toContain('<th scope="col" class="px-3 py-2"><span class="sr-only">Edit</span></th>');
    expect(table).toContain('data-person="a1">');
    expect(table).toContain('data-person="b2" aria-current="true">');
  });

  it("a choice filter offers Any first and shows the list's current filter of its name", () => {
    const options = [
      { value: "SENT", label: "Sent" },
      { value: "FAILED", label: "Failed" },
    ];
    const chosen = html(
      createElement(ChoiceFilter, { label: "Stage", name: "stage", options, filters: { stage: "FAILED" } }),
    );
    expect(chosen).toContain('<select name="stage"');
    expect(chosen).toMatch(
      /<option value="">Any<\/option><option value="SENT">Sent<\/option><option value="FAILED" selected="">/,
    );
    const open = html(
      createElement(ChoiceFilter, { label: "Category", name: "category", options, filters: { page: 2 }, any: "All" }),
    );
    expect(open).toContain('<option value="" selected="">All</option>');
  });

  it("a page link keeps the list's filters and leaves empty ones out", () => {
    expect(pageHref("/admin/audit", { action: "STAFF_INVITED", target: undefined, staff: "", page: 1 }, 3)).toBe(
      "/admin/audit?action=STAFF_INVITED&page=3",
    );
  });

  it("a labelled field holds its input, with the field's size before its border", () => {
    const field = html(
      createElement(TextField, { label: "From", name: "start", defaultValue: "09:00", width: "w-20" }),
    );
    expect(field).toBe(
      '<label class="flex flex-col">From<input class="w-20 rounded border border-slate-400 px-2 py-1" name="start" value="09:00"/></label>',
    );
  });
});

describe("form answers", () => {
  it("a status region is on the page before the first answer; a failure is an alert", () => {
    expect(html(createElement(FormStatus, { message: null }))).toBe('<p role="status" class="text-red-800"></p>');
    expect(
      html(createElement(FormStatus, { message: { text: "Saved.", ok: true }, as: "span", className: "text-sm" })),
    ).toBe('<span role="status" class="text-sm text-green-800">Saved.</span>');
    expect(html(createElement(FormStatus, { message: { text: "Could not save.", ok: false }, id: "s" }))).toBe(
      '<p id="s" role="alert" class="text-red-800">Could not save.</p>',
    );
  });

  it("feedback appears with the answer, a paragraph for each line", () => {
    expect(html(createElement(FormFeedback, { message: null, testId: "feedback" }))).toBe("");
    expect(html(createElement(FormFeedback, { message: { text: "Published.", ok: true }, testId: "feedback" }))).toBe(
      '<p role="status" class="text-green-800" data-testid="feedback">Published.</p>',
    );
    expect(
      html(
        createElement(FormFeedback, {
          message: { text: ["Unknown {name}.", "Too long."], ok: false },
          className: "mt-2",
        }),
      ),
    ).toBe('<div role="alert" class="mt-2 text-red-800"><p>Unknown {name}.</p><p>Too long.</p></div>');
  });

  it("a submit button is disabled until the page has hydrated", () => {
    // biome-ignore lint/correctness/noChildrenProp: a test without JSX; the props type asks for children
    const button = html(createElement(SubmitButton, { pending: false, className: "btn", children: "Save" }));
    expect(button).toBe('<button type="submit" disabled="" class="btn">Save</button>');
  });

  it("a refused action says why: its own answer, the server's, the first invalid field, else the fallback", () => {
    expect(refusalText({ data: { ok: false, message: "Illegal move." } }, "Could not save.")).toBe("Illegal move.");
    expect(refusalText({ serverError: "Only admins can do that." }, "Could not save.")).toBe(
      "Only admins can do that.",
    );
    const nested = { _errors: [], countries: { _errors: [], 1: { _errors: ["Not a country code: XX."] } } };
    expect(refusalText({ validationErrors: nested }, "Could not save.")).toBe("Not a country code: XX.");
    expect(firstFieldError({ _errors: ["The end must come after the start."], endsAt: { _errors: ["x"] } })).toBe(
      "The end must come after the start.",
    );
    expect(refusalText({ data: { ok: true } }, "Could not save.")).toBe("Could not save.");
  });
});
