import "server-only";
/**
 * The audit log as CSV, with the same filters as the page, read to its end in keyset pages (the
 * page's own cursor), so an export of any length holds every entry once, newest first, without
 * the whole log in memory.
 */
import type { Db } from "@/db/connect";
import { toCsv, type CsvColumn } from "@/lib/csv";
import { listAuditPage, type AuditEntry, type AuditFilter } from "./query";

const columns: ((keyof AuditEntry & string) | CsvColumn<AuditEntry>)[] = [
  "occurredAt",
  "actorType",
  { header: "actor", value: (e) => e.actorLabel },
  "actorId",
  "ip",
  "action",
  "entityType",
  "entityId",
  "before",
  "after",
  "detail",
];

export async function* auditCsv(
  db: Db,
  filter: AuditFilter,
  pageSize = 2_000,
): AsyncGenerator<string> {
  let cursor: { at: string; id: number } | undefined;
  for (let first = true; ; first = false) {
    const { entries, next } = await listAuditPage(db, { ...filter, cursor }, pageSize);
    yield toCsv(entries, columns, { header: first });
    if (!next) return;
    cursor = next;
  }
}
