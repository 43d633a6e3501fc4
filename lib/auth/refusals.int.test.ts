/**
 * Refused requests and the audit trail: a caller's refusals are audited up to a limit per
 * window, so a key without the scope cannot grow the append-only log at request rate.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, users } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys";
import type { Actor } from "@/lib/audit/record";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { authorizeRequest } from "./session";
import { refusalAuditLimit } from "./rate-limit";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ app: true }); // the app's own database too
});
afterAll(async () => {
  await t?.drop();
});

describe(`refusals on ${testDriver}`, () => {
  it("audits a key's first refusals in a window, one saying the rest are not, and then none", async () => {
    const [owner] = await t.db
      .insert(users)
      .values({ email: "owner@example.com", role: "admin" })
      .returning();
    const admin: Actor = { type: "user", id: owner!.id, label: owner!.email, role: "admin" };
    const made = async (name: string) =>
      (await createApiKey(t.db, admin, { name, scopes: ["ingest"] })).key;
    const [leaked, other] = [await made("leaked"), await made("other")];
    const refused = (key: string, path: string) =>
      authorizeRequest(
        new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${key}` } }),
        { scope: "read" },
      );
    // A leaked ingest key walks the read routes, each under another path.
    for (let i = 0; i < 25; i++) {
      const answer = await refused(leaked, `/api/v1/subjects/s-${i}/consents`);
      expect(answer).toMatchObject({ ok: false, status: 403 });
    }
    const audited = async (label: string) =>
      t.db
        .select({ entityId: auditEvents.entityId, detail: auditEvents.detail })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "access.denied"), eq(auditEvents.actorLabel, label)))
        .orderBy(auditEvents.id);
    const rows = await audited("leaked");
    expect(rows).toHaveLength(refusalAuditLimit.max + 1);
    expect(rows[0]).toEqual({
      entityId: "GET /api/v1/subjects/s-0/consents",
      detail: { needed: "read" },
    });
    expect(rows.at(-1)!.detail).toEqual({
      needed: "read",
      furtherRefusalsNotAudited: true,
      windowSeconds: refusalAuditLimit.windowSeconds,
    });
    // Another caller's refusals are counted on their own.
    await refused(other, "/api/v1/purposes");
    expect(await audited("other")).toEqual([
      { entityId: "GET /api/v1/purposes", detail: { needed: "read" } },
    ]);
  });
});
