/** The audit log's pages and names, on PGlite and on PostgreSQL. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, users } from "@/db/schema";
import { createPurpose } from "@/lib/purposes";
import { syncLawCatalog } from "@/lib/laws";
import { system } from "@/tests/actors";
import { createTestDatabase, type TestDatabase } from "@/tests/database";
import { parse } from "csv-parse/sync";
import { auditCsv } from "./export";
import { listAuditPage } from "./query";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

describe("the audit log's pages", () => {
  it("reach every entry once, newest first, and name who and what", async () => {
    const [lea] = await t.db
      .insert(users)
      .values({ email: "lea@example.com", name: "Lea Lind", role: "privacy" })
      .returning();
    await createPurpose(t.db, system, {
      key: "audit-news",
      name: "Audit news",
      functionalArea: "marketing",
      legalBasis: "consent",
      retentionDays: 30,
    });
    // Seven changes: three in one microsecond, two more within the same millisecond (as the
    // database's clock writes them); the pages must still split them, skipping none.
    const moments = [
      "10:00:00.000500",
      "10:00:00.000500",
      "10:00:00.000500",
      "10:00:00.000900",
      "10:00:00.000100",
      "09:59:58",
      "09:59:57",
    ];
    const rows = await t.db
      .insert(auditEvents)
      .values(
        Array.from({ length: 7 }, (_, i) => ({
          occurredAt: sql`${`2026-06-01T${moments[i]}Z`}::timestamptz`,
          actorType: "user" as const,
          actorId: lea!.id,
          actorLabel: "lea@example.com",
          action: "purpose.update",
          entityType: "purpose",
          entityId: "audit-news",
          before: { retentionDays: i },
          after: { retentionDays: i + 1 },
        })),
      )
      .returning({ id: auditEvents.id });
    // Newest first: .000900, then the three at .000500 (highest id first), .000100, the rest.
    const ids = rows.map((r) => r.id);
    const expected = [3, 2, 1, 0, 4, 5, 6].map((i) => ids[i]!);

    const filter = { entityType: "purpose", entityId: "audit-news", action: "purpose.update" };
    const seen: number[] = [];
    let cursor: { at: string; id: number } | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const { entries, next } = await listAuditPage(t.db, { ...filter, cursor }, 3);
      seen.push(...entries.map((e) => e.id));
      expect(entries.length).toBeLessThanOrEqual(3);
      if (!next) break;
      cursor = next;
    }
    expect(seen).toEqual(expected);

    // The export reads the same pages to the end, whatever their size: every entry once.
    let csv = "";
    for await (const piece of auditCsv(t.db, filter, 2)) csv += piece;
    const exported = parse(csv, { columns: true }) as { action: string; before: string }[];
    expect(exported.map((r) => JSON.parse(r.before).retentionDays)).toEqual([3, 2, 1, 0, 4, 5, 6]);
    expect(csv.split("\r\n")[0]).toMatch(/^occurred_at,actor_type,actor,/);

    const [first] = (await listAuditPage(t.db, filter, 1)).entries;
    expect([first!.actorName, first!.actorEmail, first!.entityName]).toEqual([
      "Lea Lind",
      "lea@example.com",
      "Audit news",
    ]);
  });

  it("names a deleted entity by what its entry kept", async () => {
    await t.db.insert(auditEvents).values({
      actorType: "system",
      actorLabel: "test",
      action: "deadline.delete",
      entityType: "internal_deadline",
      entityId: "00000000-0000-4000-8000-000000000123",
      before: { title: "Renew the processing agreement" },
    });
    const { entries } = await listAuditPage(t.db, { action: "deadline.delete" });
    expect(entries.map((e) => [e.entityName, e.actorName])).toEqual([
      ["Renew the processing agreement", null],
    ]);
  });

  /** The name the log gives a law's entry, in `locale`. */
  async function lawNamed(lawId: string, locale: "en" | "de") {
    await syncLawCatalog(t.db);
    await t.db.insert(auditEvents).values({
      actorType: "system",
      actorLabel: "test",
      action: "law.create",
      entityType: "law",
      entityId: lawId,
    });
    const { entries } = await listAuditPage(
      t.db,
      { action: "law.create", entityId: lawId },
      50,
      locale,
    );
    return entries[0]!.entityName;
  }

  it("names a law with its jurisdictions, as the laws page does", async () => {
    expect(await lawNamed("us-mt-mcdpa", "en")).toBe("MCDPA (US-MT)");
  });

  it("names a law in the reader's language where the catalog has it", async () => {
    expect(await lawNamed("eu-gdpr", "en")).toBe("GDPR (EEA)");
    expect(await lawNamed("eu-gdpr", "de")).toBe("DSGVO (EEA)");
    expect(await lawNamed("us-mt-mcdpa", "de")).toBe("MCDPA (US-MT)");
  });
});
