import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";

type DataAttributes = { [name: `data-${string}`]: string | undefined };

/** One column: its header and how a row fills its cell. */
export type Column<T> = {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** The cell names its row (a `th scope="row"`). */
  rowHeader?: boolean;
  /** A figure: right-aligned with tabular digits (class `num`). */
  numeric?: boolean;
  /** Attributes of the cell (class, test id, label) for a row. */
  cellProps?: (row: T) => TdHTMLAttributes<HTMLTableCellElement> & DataAttributes;
  /** Attributes of the column's header cell (aria-sort on a sorted column). */
  headerProps?: ThHTMLAttributes<HTMLTableCellElement>;
};

export type TableProps<T> = {
  rows: readonly T[];
  columns: readonly (Column<T> | false)[];
  rowKey: (row: T, index: number) => string | number;
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement> & DataAttributes;
  empty?: ReactNode;
  /**
   * On a phone each row is a block of labelled lines (every cell shows its column's header
   * before it, when the header is text) instead of a row to scroll sideways: for tables of a
   * few columns whose cells are text.
   */
  stacked?: boolean;
} & HTMLAttributes<HTMLTableElement> &
  DataAttributes;

/**
 * A table of rows, scrollable on its own on a narrow screen; with `empty`, a table without rows
 * is that note instead. Server and client components both use it.
 */
export function Table<T>({
  rows,
  columns,
  rowKey,
  rowProps,
  empty,
  stacked,
  ...table
}: TableProps<T>) {
  if (empty !== undefined && rows.length === 0) return <p className="muted">{empty}</p>;
  const shown = columns.filter((c): c is Column<T> => c !== false);
  const cellProps = (c: Column<T>, row: T) => {
    const own = c.cellProps?.(row);
    const label = stacked && typeof c.header === "string" ? c.header : undefined;
    return {
      ...own,
      ...(label === undefined ? {} : { "data-label": label }),
      ...(c.numeric ? { className: ["num", own?.className].filter(Boolean).join(" ") } : {}),
    };
  };
  const className = [table.className, stacked && "stacked"].filter(Boolean).join(" ") || undefined;
  // A stacked table's parts are shown as blocks on a phone; their roles keep them a table for
  // screen readers, which some browsers forget for a table not shown as one.
  const role = (name: string) => (stacked ? { role: name } : {});
  return (
    <div className="table-wrap">
      <table {...table} className={className} {...role("table")}>
        <thead {...role("rowgroup")}>
          <tr {...role("row")}>
            {shown.map((c, i) => (
              <th key={i} scope="col" {...role("columnheader")} {...c.headerProps}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody {...role("rowgroup")}>
          {rows.map((row, r) => (
            <tr key={rowKey(row, r)} {...role("row")} {...rowProps?.(row)}>
              {shown.map((c, i) =>
                c.rowHeader ? (
                  <th key={i} scope="row" {...role("rowheader")} {...cellProps(c, row)}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={i} {...role("cell")} {...cellProps(c, row)}>
                    {c.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
