/** The audit log's filter: its page and its CSV export. Dates bounded as everywhere (lib/date-range). */
import { dateRangeIssues } from "@/lib/date-range";
import type { FilterDefinition, FilterValues } from "./core";
import { createParser } from "nuqs/server";
import { parseAsDay, parseAsText, rangeMessages } from "./parsers";
import { filterSaid } from "./said";

/** Where a page of the log starts: after the entry at this moment with this id (newest first). */
export type AuditCursor = { at: string; id: number };

/**
 * A cursor as the log's links write it: `2026-12-01T10:00:00.123456Z~42`, the moment to the
 * microsecond as the database keeps it (milliseconds would skip entries within one).
 */
export const parseAsAuditCursor = createParser<AuditCursor>({
  parse: (value: string) => {
    const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)~(\d{1,15})$/.exec(value);
    if (!match || Number.isNaN(Date.parse(match[1]!))) return null;
    return { at: match[1]!, id: Number(match[2]) };
  },
  serialize: (cursor) => `${cursor.at}~${cursor.id}`,
  eq: (a, b) => a.at === b.at && a.id === b.id,
});

const parsers = {
  actor: parseAsText(200),
  entityType: parseAsText(50),
  entityId: parseAsText(200),
  action: parseAsText(100),
  from: parseAsDay,
  to: parseAsDay,
  /** The page: the entries older than this one (the "Older entries" link sets it). */
  cursor: parseAsAuditCursor,
};

export const auditFilter: FilterDefinition<typeof parsers> = {
  parsers,
  messages: {
    ...rangeMessages(),
    cursor: filterSaid("auditCursor"),
  },
  refine: (values, today) => dateRangeIssues({ from: values.from, to: values.to }, today),
};

export type AuditFilter = FilterValues<typeof parsers>;
