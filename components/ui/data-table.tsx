import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import {
  columnFilteringFeature,
  constructTable,
  createFilteredRowModel,
  createPaginatedRowModel,
  createSortedRowModel,
  globalFilteringFeature,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  type Row,
  type RowData,
} from "@tanstack/table-core";
import { storeReactivityBindings } from "@tanstack/table-core/store-reactivity-bindings";
import { parseFilter, rawQuery, type FilterDefinition } from "@/lib/filters/core";
import type { RawSearchParams } from "@/lib/search-params";
import { HiddenParams } from "./hidden-params";
import { tableMessages, tableParsers } from "@/lib/filters/table";
import { Table, type Column, type TableProps } from "./table";
import { filterSayArgs } from "@/lib/filters/said";

const features = tableFeatures({
  coreReactivityFeature: storeReactivityBindings(),
  rowSortingFeature,
  rowPaginationFeature,
  columnFilteringFeature,
  globalFilteringFeature,
  sortedRowModel: createSortedRowModel(),
  paginatedRowModel: createPaginatedRowModel(),
  filteredRowModel: createFilteredRowModel(),
});

const tableFilter: FilterDefinition<typeof tableParsers> = {
  parsers: tableParsers,
  messages: tableMessages,
};

/** A sortable column: it names itself in the address (`?sort=name`) and sorts by a value. */
export type DataColumn<T> = Omit<Column<T>, "cell"> & {
  id?: string;
  /** The value the column sorts by; a column without one does not sort. */
  sort?: (row: T) => string | number | null | undefined;
} & (
    | { cell: Column<T>["cell"]; text?: undefined }
    /** A column of text that shows and sorts by the same words. */
    | { text: (row: T) => string; cell?: undefined }
  );

type SortValue = string | number | null | undefined;

/**
 * A long table that sorts, pages and is searched through its address, on the server: headers
 * are links (`?sort=name`, `?sort=-name`), the pager links pages (`?page=2`) and a find box cuts
 * the rows to those containing a text (`?find=…`), keeping the page's own filters. The rows are
 * ordered, searched and cut by TanStack Table's row models; the markup is ./table's.
 */
export async function DataTable<T extends RowData>({
  rows,
  columns,
  params,
  path,
  defaultSort,
  pageSize = 25,
  find,
  findLabel,
  ...table
}: Omit<TableProps<T>, "columns"> & {
  columns: readonly (DataColumn<T> | false)[];
  /** The address the page was asked with: its path and query (kept in every link). */
  params: RawSearchParams;
  path: string;
  defaultSort?: string;
  pageSize?: number;
  /** The text a row is found by (the sort values are searched too). */
  find?: (row: T) => string;
  /** The find box's label; without it the table has no find box. */
  findLabel?: string;
}) {
  const t = await getTranslations("table");
  const said = await getTranslations("filterMessages");
  const collator = new Intl.Collator(await getLocale(), { numeric: true, sensitivity: "base" });
  const own = Object.fromEntries(Object.entries(params).filter(([key]) => key in tableParsers));
  const parsed = parseFilter(tableFilter, own, "");
  const shown = columns
    .filter((c): c is DataColumn<T> => c !== false)
    .map((c) => (c.text ? { ...c, cell: c.text, sort: c.sort ?? c.text } : c));
  const sortable = shown.filter((c) => c.id && c.sort);
  const issues = parsed.issues.map((i) => said(...filterSayArgs(i.said)));

  const asked = parsed.values.sort ?? defaultSort;
  const sortId = asked?.replace(/^-/, "");
  const known = sortable.some((c) => c.id === sortId);
  if (asked && !known && parsed.values.sort) {
    issues.push(
      t("unknownSort", { sort: sortId ?? "", columns: sortable.map((c) => c.id).join(", ") }),
    );
  }
  const sorting = known ? [{ id: sortId!, desc: asked!.startsWith("-") }] : [];
  const compare = (a: Row<typeof features, T>, b: Row<typeof features, T>, id: string) => {
    const [x, y] = [a.getValue<SortValue>(id), b.getValue<SortValue>(id)];
    if (typeof x === "number" && typeof y === "number") return x - y;
    return collator.compare(String(x), String(y));
  };

  const findText = parsed.values.find?.trim() ?? "";
  const build = (pageIndex: number) =>
    constructTable({
      features,
      data: rows as T[],
      columns: [
        ...sortable.map((c) => ({
          id: c.id!,
          accessorFn: (row: T) => c.sort!(row) ?? undefined,
          sortFn: compare,
          sortUndefined: "last" as const,
        })),
        { id: "_find", accessorFn: (row: T) => find?.(row) ?? "" },
      ],
      getColumnCanGlobalFilter: () => true,
      globalFilterFn: (row, id, value: string) =>
        String(row.getValue(id) ?? "")
          .toLocaleLowerCase()
          .includes(value.toLocaleLowerCase()),
      state: {
        sorting,
        globalFilter: findText,
        pagination: { pageIndex, pageSize },
      },
    });
  // The page asked for, or the last one when the rows no longer reach it.
  let model = build((parsed.values.page ?? 1) - 1);
  const pages = Math.max(1, model.getPageCount());
  const page = Math.min(parsed.values.page ?? 1, pages);
  if (page !== (parsed.values.page ?? 1)) model = build(page - 1);
  const found = model.getFilteredRowModel().rows.length;
  const visible = model.getRowModel().rows.map((r) => r.original);

  const href = (change: Record<string, string | number | undefined>) => {
    const query = new URLSearchParams(rawQuery(params));
    for (const [key, value] of Object.entries(change)) {
      if (value === undefined || value === "") query.delete(key);
      else query.set(key, String(value));
    }
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  };
  const first = (page - 1) * pageSize + 1;

  return (
    <div className="data-table">
      {findLabel && (
        <form className="toolbar find" method="get" action={path} role="search">
          <HiddenParams params={params} keep={(key) => key !== "find" && key !== "page"} />
          <div className="field">
            <label htmlFor={`${table.id ?? "table"}-find`}>{findLabel}</label>
            <input
              id={`${table.id ?? "table"}-find`}
              name="find"
              type="search"
              defaultValue={findText}
              maxLength={100}
            />
          </div>
          <button type="submit" className="secondary">
            {t("find")}
          </button>
          {findText && (
            <Link href={href({ find: undefined, page: undefined })}>{t("showAll")}</Link>
          )}
        </form>
      )}
      {issues.length > 0 && (
        <ul className="notice" role="status">
          {issues.map((issue) => (
            <li key={issue}>{issue}</li>
          ))}
        </ul>
      )}
      {findText && found === 0 ? (
        <p className="muted" data-testid="table-no-match">
          {t("noMatch", { find: findText })}
        </p>
      ) : (
        <Table
          {...table}
          rows={visible}
          columns={shown.map((c) => {
            if (!c.id || !c.sort) return c;
            const state = sorting[0]?.id === c.id ? (sorting[0].desc ? "desc" : "asc") : null;
            const next = state === "asc" ? `-${c.id}` : c.id;
            return {
              ...c,
              headerProps: {
                "aria-sort":
                  state === "asc" ? "ascending" : state === "desc" ? "descending" : undefined,
              },
              header: (
                <Link
                  className="sort"
                  href={href({ sort: next, page: undefined })}
                  data-sorted={state ?? undefined}
                  rel="nofollow"
                >
                  {c.header}
                  <span aria-hidden="true">
                    {state === "asc" ? " ▲" : state === "desc" ? " ▼" : ""}
                  </span>
                </Link>
              ),
            } satisfies Column<T>;
          })}
        />
      )}
      {(pages > 1 || findText) && found > 0 && (
        <nav className="pager" aria-label={t("pages")}>
          <span data-testid="table-range">
            {t("range", { from: first, to: first + visible.length - 1, total: found })}
          </span>
          {page > 1 && (
            <Link href={href({ page: page === 2 ? undefined : page - 1 })} rel="prev">
              {t("previous")}
            </Link>
          )}
          {pages > 1 && <span>{t("page", { page, pages })}</span>}
          {page < pages && (
            <Link href={href({ page: page + 1 })} rel="next">
              {t("next")}
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
