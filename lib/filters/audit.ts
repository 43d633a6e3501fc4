/** The audit log's filter: its page and its CSV export. Dates bounded as everywhere (lib/date-range). */
import { dateRangeIssues, EARLIEST_DAY } from "@/lib/date-range";
import type { FilterDefinition, FilterValues } from "./core";
import { parseAsDay, parseAsText } from "./parsers";

const parsers = {
  actor: parseAsText(200),
  entityType: parseAsText(50),
  entityId: parseAsText(200),
  action: parseAsText(100),
  from: parseAsDay,
  to: parseAsDay,
};

export const auditFilter: FilterDefinition<typeof parsers> = {
  parsers,
  messages: {
    from: `from is the first day, YYYY-MM-DD, ${EARLIEST_DAY} or later`,
    to: "to is the last day, YYYY-MM-DD, on or after from",
  },
  refine: (values, today) => dateRangeIssues({ from: values.from, to: values.to }, today),
};

export type AuditFilter = FilterValues<typeof parsers>;
