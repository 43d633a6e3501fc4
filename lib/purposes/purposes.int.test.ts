import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { auditEvents, purposes, purposeVersions } from "@/db/schema";
import { ada, testUser } from "@/tests/actors";
import { recordConsentEvents } from "@/lib/consent/ingest";
import { ConflictError, NotFoundError, RuleError } from "@/lib/errors";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import {
  createPurpose,
  deletePurpose,
  getPurpose,
  getPurposeRow,
  listPurposes,
  listPurposeVersions,
  retirePurpose,
  updatePurpose,
} from ".";
import { purposeNames } from "./names";
import { diffPurposeSnapshots } from "./diff";
import { createSource, getSource } from "@/lib/sources";

let t: TestDatabase;
const admin = ada;
const other = testUser(2, "bob@example.com", "admin");

const base = (key: string) => ({
  key,
  name: `Purpose ${key}`,
  functionalArea: "marketing" as const,
  legalBasis: "consent" as const,
  customerDescription: "We email you news.",
  dataCategories: ["contact" as const],
  retentionDays: 365,
  status: "active" as const,
});

async function trail(key: string) {
  return t.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.entityId, key))
    .orderBy(auditEvents.id);
}

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

describe(`purpose catalog on ${testDriver}`, () => {
  it("creates version 1 with its snapshot and an audit event naming the actor", async () => {
    const created = await createPurpose(t.db, admin, base("newsletter"));
    expect(created).toMatchObject({ key: "newsletter", version: 1, status: "active" });
    const versions = await listPurposeVersions(t.db, "newsletter");
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({
      version: 1,
      changedBy: "ada@example.com",
      purpose: { name: "Purpose newsletter" },
    });
    const [event] = await trail("newsletter");
    expect(event).toMatchObject({
      action: "purpose.create",
      actorLabel: "ada@example.com",
      entityType: "purpose",
    });
    expect(event?.after).toMatchObject({ key: "newsletter", version: 1 });
  });

  it("refuses a duplicate key on the key field", async () => {
    await createPurpose(t.db, admin, base("dup"));
    const error = await createPurpose(t.db, admin, base("dup")).catch((e) => e);
    expect(error).toBeInstanceOf(RuleError);
    expect(error.issues).toEqual([{ path: "key", message: "validation.purposeKeyTaken" }]);
  });

  it("bumps the version on every change and keeps every old version readable", async () => {
    await createPurpose(t.db, admin, base("versioned"));
    const v2 = await updatePurpose(t.db, admin, "versioned", { version: 1, retentionDays: 90 });
    const v3 = await updatePurpose(t.db, other, "versioned", { version: 2, name: "Renamed" });
    expect([v2.version, v3.version]).toEqual([2, 3]);
    const versions = await listPurposeVersions(t.db, "versioned");
    expect(
      versions.map((v) => [v.version, v.purpose.retentionDays, v.purpose.name, v.changedBy]),
    ).toEqual([
      [1, 365, "Purpose versioned", "ada@example.com"],
      [2, 90, "Purpose versioned", "ada@example.com"],
      [3, 90, "Renamed", "bob@example.com"],
    ]);
    const events = await trail("versioned");
    expect(events.map((e) => e.action)).toEqual([
      "purpose.create",
      "purpose.update",
      "purpose.update",
    ]);
    expect(events[2]).toMatchObject({
      before: { name: "Purpose versioned" },
      after: { name: "Renamed" },
      detail: { changed: ["name"] },
    });
  });

  it("changes only the fields a patch names", async () => {
    await createPurpose(t.db, admin, {
      ...base("partial"),
      customerValue: "Offers first",
      involvesSale: true,
    });
    const patched = await updatePurpose(t.db, admin, "partial", {
      version: 1,
      name: "Only the name",
    });
    expect(patched).toMatchObject({
      name: "Only the name",
      status: "active",
      dataCategories: ["contact"],
      customerValue: "Offers first",
      involvesSale: true,
      customerDescription: "We email you news.",
    });
  });

  it("takes a purpose as it was read, edited and sent back whole, leaving read-only fields aside", async () => {
    const read = await createPurpose(t.db, admin, base("whole"));
    // Sent back whole with one change: the edit is taken, the server's fields stay its own.
    const edited = await updatePurpose(t.db, admin, "whole", { ...read, retentionDays: 90 });
    expect(edited).toMatchObject({ version: 2, retentionDays: 90, reconsentFromVersion: null });
    expect(edited.createdAt).toBe(read.createdAt);
    // A copy under a new key is a new purpose at version 1, whatever the copy said.
    const copy = await createPurpose(t.db, admin, { ...edited, key: "whole-copy", version: 7 });
    expect(copy).toMatchObject({ key: "whole-copy", version: 1, retentionDays: 90 });
    // Fields a purpose never has are still refused by name.
    await expect(
      updatePurpose(t.db, admin, "whole", { version: 2, colour: "blue" }),
    ).rejects.toBeInstanceOf(z.ZodError);
  });

  it("makes no version for a save that changes nothing", async () => {
    await createPurpose(t.db, admin, base("same"));
    const again = await updatePurpose(t.db, admin, "same", { version: 1, retentionDays: 365 });
    expect(again.version).toBe(1);
    expect(await listPurposeVersions(t.db, "same")).toHaveLength(1);
  });

  it("reads a browser's line breaks (CRLF) as the API's: a form sent back unchanged makes no version", async () => {
    await createPurpose(t.db, admin, {
      ...base("lines"),
      customerDescription: "News.\nTwice a month.",
    });
    // A textarea's text comes back from the browser with CRLF.
    const again = await updatePurpose(t.db, admin, "lines", {
      version: 1,
      customerDescription: "News.\r\nTwice a month.",
    });
    expect(again.version).toBe(1);
    expect(again.customerDescription).toBe("News.\nTwice a month.");
    const edited = await updatePurpose(t.db, admin, "lines", {
      version: 1,
      customerDescription: "News.\r\nOnce a month.\r",
    });
    expect(edited).toMatchObject({ version: 2, customerDescription: "News.\nOnce a month." });
  });

  it("answers a stale version with a conflict carrying the current purpose, and changes nothing", async () => {
    await createPurpose(t.db, admin, base("contested"));
    await updatePurpose(t.db, admin, "contested", { version: 1, name: "First save" });
    const error = await updatePurpose(t.db, other, "contested", {
      version: 1,
      name: "Second save",
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.current).toMatchObject({ name: "First save", version: 2 });
    expect((await getPurpose(t.db, "contested")).name).toBe("First save");
  });

  it("lets exactly one of two simultaneous saves of the same version win", async () => {
    await createPurpose(t.db, admin, base("race"));
    const results = await Promise.allSettled([
      updatePurpose(t.db, admin, "race", { version: 1, name: "Ada's" }),
      updatePurpose(t.db, other, "race", { version: 1, name: "Bob's" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r) => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await listPurposeVersions(t.db, "race")).toHaveLength(2);
  });

  it("never changes the key", async () => {
    await createPurpose(t.db, admin, base("fixed-key"));
    const error = await updatePurpose(t.db, admin, "fixed-key", {
      version: 1,
      key: "other-key",
    }).catch((e) => e);
    expect(error).toBeInstanceOf(RuleError);
    expect(error.issues[0].path).toBe("key");
    expect(await getPurposeRow(t.db, "other-key")).toBeUndefined();
  });

  it("checks the rules on the purpose after the patch", async () => {
    await createPurpose(t.db, admin, {
      ...base("draft-one"),
      status: "draft",
      customerDescription: "",
      dataCategories: [],
    });
    const error = await updatePurpose(t.db, admin, "draft-one", {
      version: 1,
      status: "active",
    }).catch((e) => e);
    expect(error).toBeInstanceOf(z.ZodError);
    expect(error.issues.map((i: z.core.$ZodIssue) => i.path.join("."))).toEqual([
      "customerDescription",
      "dataCategories",
    ]);
    expect((await getPurpose(t.db, "draft-one")).status).toBe("draft");
  });

  it("leaves no change when the audit event cannot be written", async () => {
    await createPurpose(t.db, admin, base("atomic"));
    const broken = { ...admin, label: null as unknown as string };
    await expect(
      updatePurpose(t.db, broken, "atomic", { version: 1, name: "Should not stick" }),
    ).rejects.toThrow();
    const purpose = await getPurpose(t.db, "atomic");
    expect(purpose).toMatchObject({ name: "Purpose atomic", version: 1 });
    expect(await listPurposeVersions(t.db, "atomic")).toHaveLength(1);
    expect((await trail("atomic")).map((e) => e.action)).toEqual(["purpose.create"]);
    await expect(createPurpose(t.db, broken, base("atomic-create"))).rejects.toThrow();
    expect(await getPurposeRow(t.db, "atomic-create")).toBeUndefined();
  });

  it("retires a purpose with consent events but refuses to delete it", async () => {
    await createPurpose(t.db, admin, base("with-events"));
    await recordConsentEvents(t.db, { type: "system", label: "test" }, [
      {
        eventId: "evt-with-events-1",
        subjectId: "s-1",
        purpose: "with-events",
        action: "grant",
        occurredAt: "2026-01-01T00:00:00Z",
        channel: "web",
        region: "DE",
      },
    ]);
    const error = await deletePurpose(t.db, admin, "with-events").catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(/retired, never deleted/);
    const retired = await retirePurpose(t.db, admin, "with-events", 1);
    expect(retired).toMatchObject({ status: "retired", version: 2 });
    expect((await trail("with-events")).map((e) => e.action)).toEqual([
      "purpose.create",
      "purpose.retire",
    ]);
  });

  it("deletes a purpose without consent events, with its versions, and audits it", async () => {
    await createPurpose(t.db, admin, base("short-lived"));
    const row = (await getPurposeRow(t.db, "short-lived"))!;
    await deletePurpose(t.db, admin, "short-lived");
    expect(await getPurposeRow(t.db, "short-lived")).toBeUndefined();
    expect(
      await t.db.select().from(purposeVersions).where(eq(purposeVersions.purposeId, row.id)),
    ).toEqual([]);
    expect((await trail("short-lived")).map((e) => e.action)).toEqual([
      "purpose.create",
      "purpose.delete",
    ]);
    await expect(deletePurpose(t.db, admin, "short-lived")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("deletes only the version the admin saw, and names the sources it was linked to", async () => {
    await createPurpose(t.db, admin, base("two-admins"));
    await createSource(t.db, admin, {
      key: "two-admins-crm",
      name: "CRM",
      party: "first",
      category: "crm",
      channel: "online",
      monthlyVolume: 10,
      activeFrom: "2024-01-01",
      linkedPurposes: ["two-admins"],
    });
    // Another admin saved version 2 after this one opened version 1.
    await updatePurpose(t.db, other, "two-admins", { version: 1, name: "Changed meanwhile" });
    await expect(deletePurpose(t.db, admin, "two-admins", 1)).rejects.toBeInstanceOf(ConflictError);
    expect(await getPurposeRow(t.db, "two-admins")).toBeDefined();
    await deletePurpose(t.db, admin, "two-admins", 2);
    const [deleted] = (await trail("two-admins")).filter((e) => e.action === "purpose.delete");
    expect(deleted!.detail).toMatchObject({ unlinkedSources: ["two-admins-crm"] });
    // The source's own trail says it lost the link, and by whom: its history is not silent.
    const [unlinked, ...more] = (await trail("two-admins-crm")).filter(
      (e) => e.action !== "data_source.create",
    );
    expect(more).toEqual([]);
    expect(unlinked).toMatchObject({
      action: "data_source.unlink",
      entityType: "data_source",
      actorLabel: admin.label,
      before: { key: "two-admins-crm", linkedPurposes: ["two-admins"] },
      after: { key: "two-admins-crm", linkedPurposes: [] },
      detail: { deletedPurpose: "two-admins" },
    });
    expect((await getSource(t.db, "two-admins-crm")).linkedPurposes).toEqual([]);
  });

  it("asks fresh consent only with an edit customers read: else the request is refused, not dropped", async () => {
    await createPurpose(t.db, admin, base("fresh"));
    const error = await updatePurpose(t.db, admin, "fresh", {
      version: 1,
      requiresReconsent: true,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(RuleError);
    expect(error.issues).toEqual([
      { path: "requiresReconsent", message: "validation.reconsentWithoutChange" },
    ]);
    // Nor with an edit customers never read (the internal description, the legal basis's note).
    const internal = await updatePurpose(t.db, admin, "fresh", {
      version: 1,
      requiresReconsent: true,
      description: "Owned by the CRM team",
    }).catch((e) => e);
    expect(internal).toBeInstanceOf(RuleError);
    expect(internal.issues).toEqual([
      { path: "requiresReconsent", message: "validation.reconsentWithoutChange" },
    ]);
    expect((await getPurposeRow(t.db, "fresh"))!.version).toBe(1);
    const edited = await updatePurpose(t.db, admin, "fresh", {
      version: 1,
      requiresReconsent: true,
      customerDescription: "We email you news and offers.",
    });
    expect(edited).toMatchObject({ version: 2, reconsentFromVersion: 2 });
  });

  it("refuses a Segment category with a comma when given, and edits a purpose stored with one", async () => {
    await createPurpose(t.db, admin, base("commas"));
    const given = await updatePurpose(t.db, admin, "commas", {
      version: 1,
      segmentCategories: ["Ads, Retargeting"],
    }).catch((e) => e);
    expect(given).toBeInstanceOf(z.ZodError);
    // Stored before the rule (through the API of an earlier release): the purpose's other
    // fields can still be edited, and it can be retired.
    await t.db.execute(
      sql`update purposes set segment_categories = array['Ads, Retargeting'] where key = 'commas'`,
    );
    const renamed = await updatePurpose(t.db, admin, "commas", { version: 1, name: "Renamed" });
    expect(renamed).toMatchObject({ version: 2, segmentCategories: ["Ads, Retargeting"] });
    expect((await retirePurpose(t.db, admin, "commas", 2)).status).toBe("retired");
    await deletePurpose(t.db, admin, "commas", 3); // the listing below counts the catalog
  });

  it("reads versions stored before later fields existed as a new purpose has them", async () => {
    await createPurpose(t.db, admin, base("old-snapshot"));
    const row = (await getPurposeRow(t.db, "old-snapshot"))!;
    // Version 1 as an older release stored it: without the consent platforms' names.
    const [v1] = await t.db
      .select()
      .from(purposeVersions)
      .where(eq(purposeVersions.purposeId, row.id));
    const {
      tcfPurposes: _t,
      consentModeSignals: _c,
      segmentCategories: _s,
      reconsentFromVersion: _r,
      ...older
    } = v1!.snapshot as Record<string, unknown>;
    await t.db
      .update(purposeVersions)
      .set({ snapshot: older })
      .where(eq(purposeVersions.purposeId, row.id));
    await updatePurpose(t.db, admin, "old-snapshot", { version: 1, retentionDays: 30 });
    const [first, second] = await listPurposeVersions(t.db, "old-snapshot");
    expect(diffPurposeSnapshots(first!.purpose, second!.purpose).map((c) => c.field)).toEqual([
      "retentionDays",
    ]);
  });

  it.runIf(testDriver === "postgres")(
    "dates a version from when its save could take the purpose, not from when it was asked",
    async () => {
      await createPurpose(t.db, admin, base("waited"));
      let saving: Promise<unknown> | undefined;
      let released = 0;
      await t.db.transaction(async (tx) => {
        // A consent batch storing events of this purpose holds its row (the foreign key's lock).
        await tx.execute(sql`select 1 from purposes where key = 'waited' for key share`);
        saving = updatePurpose(t.db, admin, "waited", { version: 1, retentionDays: 30 });
        await new Promise((r) => setTimeout(r, 500));
        released = Date.now();
      });
      await saving;
      const [, second] = await listPurposeVersions(t.db, "waited");
      expect(Date.parse(second!.validFrom)).toBeGreaterThanOrEqual(released - 50);
    },
  );

  it("never gives a deleted purpose's key to a new one: its history stays its own", async () => {
    await createPurpose(t.db, admin, base("reused"));
    await deletePurpose(t.db, admin, "reused");
    const error = await createPurpose(t.db, admin, base("reused")).catch((e) => e);
    expect(error).toBeInstanceOf(RuleError);
    expect(error.issues).toEqual([{ path: "key", message: "validation.purposeKeyUsedBefore" }]);
    expect(await getPurposeRow(t.db, "reused")).toBeUndefined();
  });

  it("lists by functional area, status and legal basis, and searches name, key and title", async () => {
    await createPurpose(t.db, admin, {
      ...base("sales-calls"),
      name: "Sales follow-up calls",
      functionalArea: "sales",
    });
    await createPurpose(t.db, admin, {
      ...base("fraud-checks"),
      name: "Fraud checks",
      functionalArea: "analytics",
      legalBasis: "legitimate_interest",
      customerTitle: "Keeping payments safe",
    });
    expect((await listPurposes(t.db, { functionalArea: "sales" })).map((p) => p.key)).toEqual([
      "sales-calls",
    ]);
    expect(
      (await listPurposes(t.db, { legalBasis: "legitimate_interest" })).map((p) => p.key),
    ).toEqual(["fraud-checks"]);
    expect((await listPurposes(t.db, { q: "PAYMENTS" })).map((p) => p.key)).toEqual([
      "fraud-checks",
    ]);
    expect((await listPurposes(t.db, { q: "100%_" })).length).toBe(0);
    expect((await listPurposes(t.db, { status: "retired" })).map((p) => p.key)).toEqual([
      "with-events",
    ]);
    const [stored] = await t.db.select().from(purposes).where(eq(purposes.key, "sales-calls"));
    expect(stored?.functionalArea).toBe("sales");
  });

  it("keeps a German name that German dashboards show, versioned like any edit", async () => {
    await createPurpose(t.db, admin, base("tips-de"));
    const v2 = await updatePurpose(t.db, admin, "tips-de", { version: 1, nameDe: "Tipps" });
    expect(v2).toMatchObject({ version: 2, name: "Purpose tips-de", nameDe: "Tipps" });
    expect((await purposeNames(t.db, "de"))["tips-de"]).toBe("Tipps");
    expect((await purposeNames(t.db, "en"))["tips-de"]).toBe("Purpose tips-de");
    const versions = await listPurposeVersions(t.db, "tips-de");
    expect(versions.map((v) => v.purpose.nameDe)).toEqual(["", "Tipps"]);
    // Without one, German readers see the name itself.
    await updatePurpose(t.db, admin, "tips-de", { version: 2, nameDe: "" });
    expect((await purposeNames(t.db, "de"))["tips-de"]).toBe("Purpose tips-de");
    await expect(
      updatePurpose(t.db, admin, "tips-de", { version: 3, nameDe: "x".repeat(121) }),
    ).rejects.toMatchObject({ issues: [{ path: ["nameDe"] }] });
  });
});
