import type { ReactNode } from "react";

export interface Column<Row> {
  /** the column's name, unique in its table */
  header: string;
  /** the header shows its name to screen readers only (a column of links or buttons) */
  headerHidden?: boolean;
  cell: (row: Row) => ReactNode;
  /** classes added to the column's cells (after the padding) */
  className?: string;
  /** a test id on each of the column's cells */
  cellTestId?: string;
}

/** How a row is told from the others: by its `id` unless the table says otherwise. */
type RowKey<Row> = Row extends { id: string }
  ? { rowKey?: (row: Row, index: number) => string }
  : { rowKey: (row: Row, index: number) => string };

const byId = (row: unknown) => (row as { id: string }).id;

/**
 * An admin list: a captioned table (the caption is for screen readers; the page's heading
 * shows it to everyone), one header cell per column with `scope="col"`, one row per item.
 * `empty`, when given, replaces the table while there is no row.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey = byId,
  testId,
  rowTestId,
  rowData,
  alignTop = false,
  framed = true,
  empty,
  emptyTestId,
}: {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  testId?: string;
  rowTestId?: string;
  /** `data-*` attributes of a row, for the page's own selectors, and `aria-current` for the one shown */
  rowData?: (row: Row) => Partial<Record<`data-${string}`, string>> & { "aria-current"?: "true" };
  alignTop?: boolean;
  /** false inside a box that already has a border */
  framed?: boolean;
  empty?: ReactNode;
  emptyTestId?: string;
} & RowKey<Row>) {
  if (rows.length === 0 && empty !== undefined) {
    return (
      <p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-700" data-testid={emptyTestId}>
        {empty}
      </p>
    );
  }
  return (
    <div className={framed ? "overflow-x-auto rounded border border-slate-200 bg-white" : "overflow-x-auto"}>
      <table className="w-full text-left text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100">
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className="px-3 py-2">
                {column.headerHidden ? <span className="sr-only">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr
              key={rowKey(row, index)}
              className={alignTop ? "border-t border-slate-200 align-top" : "border-t border-slate-200"}
              data-testid={rowTestId}
              {...rowData?.(row)}
            >
              {columns.map((column) => (
                <td
                  key={column.header}
                  className={column.className ? `px-3 py-2 ${column.className}` : "px-3 py-2"}
                  data-testid={column.cellTestId}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
