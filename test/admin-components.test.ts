import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable } from "@/components/admin/data-table";
import { FilterPanel, filterInput, InvalidFilter, TextFilter } from "@/components/admin/filter-panel";
import { Pagination } from "@/components/admin/pagination";

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
});
