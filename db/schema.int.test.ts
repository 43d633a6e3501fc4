import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  expectRejection,
  testDriver,
  type TestDatabase,
} from "@/tests/database";
import { isEmbedded } from "./connect";
import { auditEvents, consentEvents, purposes } from "./schema";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

async function insertConsentEvent(eventId: string) {
  const [purpose] = await t.db
    .insert(purposes)
    .values({
      key: `p-${eventId}`,
      name: "Newsletter",
      functionalArea: "marketing",
      legalBasis: "consent",
      retentionDays: 365,
    })
    .returning();
  const [event] = await t.db
    .insert(consentEvents)
    .values({
      eventId,
      subjectId: "s-1",
      purposeId: purpose!.id,
      purposeVersion: 1,
      action: "grant",
      occurredAt: new Date(),
      channel: "web",
      region: "DE",
    })
    .returning();
  return event!;
}

describe(`schema on ${testDriver}`, () => {
  it("knows whether it is the embedded database (an import pauses between batches there)", () => {
    expect(isEmbedded(t.db)).toBe(testDriver === "pglite");
  });

  it("applies every migration (the whole domain is there)", async () => {
    const rows = await t.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const tables = (
      Array.isArray(rows) ? rows : (rows as { rows: { table_name: string }[] }).rows
    ).map((r) => r.table_name);
    expect(tables).toEqual(
      expect.arrayContaining([
        "users",
        "api_keys",
        "audit_events",
        "rate_limits",
        "settings",
        "purposes",
        "purpose_versions",
        "data_sources",
        "data_source_purposes",
        "consent_events",
        "profiles",
        "profile_identifiers",
        "profile_attributes",
        "laws",
        "law_phases",
        "obligations",
        "law_obligations",
        "controls",
        "internal_deadlines",
      ]),
    );
  });

  it("refuses to update or delete a consent event, whoever asks", async () => {
    const event = await insertConsentEvent("append-only-1");
    await expectRejection(
      t.db.update(consentEvents).set({ action: "deny" }).where(eq(consentEvents.id, event.id)),
      /append-only/,
    );
    await expectRejection(
      t.db.delete(consentEvents).where(eq(consentEvents.id, event.id)),
      /append-only/,
    );
    await expectRejection(t.db.execute(sql`truncate consent_events cascade`), /append-only/);
    const [stored] = await t.db.select().from(consentEvents).where(eq(consentEvents.id, event.id));
    expect(stored?.action).toBe("grant");
  });

  it("refuses to update or delete an audit event", async () => {
    const [row] = await t.db
      .insert(auditEvents)
      .values({ actorType: "system", actorLabel: "test", action: "x", entityType: "y" })
      .returning();
    await expectRejection(
      t.db.update(auditEvents).set({ action: "changed" }).where(eq(auditEvents.id, row!.id)),
      /append-only/,
    );
    await expectRejection(
      t.db.delete(auditEvents).where(eq(auditEvents.id, row!.id)),
      /append-only/,
    );
    const [stored] = await t.db.select().from(auditEvents).where(eq(auditEvents.id, row!.id));
    expect(stored?.action).toBe("x");
  });

  it("stores a repeated eventId once", async () => {
    await insertConsentEvent("dup-1");
    await expectRejection(
      insertConsentEvent("dup-1"),
      /consent_events_event_id_unique|duplicate key/,
    );
  });

  it("keeps retention within 1–3650 days", async () => {
    await expectRejection(
      t.db.insert(purposes).values({
        key: "bad-retention",
        name: "x",
        functionalArea: "sales",
        legalBasis: "contract",
        retentionDays: 0,
      }),
      /purposes_retention_days_range/,
    );
  });
});
