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
} & HTMLAttributes<HTMLTableElement> &
  DataAttributes;

/**
 * A table of rows, scrollable on its own on a narrow screen; with `empty`, a table without rows
 * is that note instead. Server and client components both use it.
 */
export function Table<T>({ rows, columns, rowKey, rowProps, empty, ...table }: TableProps<T>) {
  if (empty !== undefined && rows.length === 0) return <p className="muted">{empty}</p>;
  const shown = columns.filter((c): c is Column<T> => c !== false);
  const cellProps = (c: Column<T>, row: T) => {
    const own = c.cellProps?.(row);
    return c.numeric
      ? { ...own, className: ["num", own?.className].filter(Boolean).join(" ") }
      : own;
  };
  return (
    <div className="table-wrap">
      <table {...table}>
        <thead>
          <tr>
            {shown.map((c, i) => (
              <th key={i} scope="col" {...c.headerProps}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={rowKey(row, r)} {...rowProps?.(row)}>
              {shown.map((c, i) =>
                c.rowHeader ? (
                  <th key={i} scope="row" {...cellProps(c, row)}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={i} {...cellProps(c, row)}>
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
