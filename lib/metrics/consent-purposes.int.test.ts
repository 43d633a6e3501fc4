/**
 * Which purposes the consent dashboard's filter offers beyond those on consent: the ones with
 * decisions, whatever their legal basis (the figures count them), on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordConsentEvents } from "@/lib/consent/ingest";
import { createPurpose } from "@/lib/purposes";
import { system } from "@/tests/actors";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { listDecidedPurposes } from "./consent";

let t: TestDatabase;

const purpose = (key: string, legalBasis: "consent" | "contract") =>
  createPurpose(t.db, system, {
    key,
    name: key,
    functionalArea: "service",
    legalBasis,
    customerDescription: "What it does.",
    dataCategories: ["contact"],
    retentionDays: 365,
    status: "active",
  });

beforeAll(async () => {
  t = await createTestDatabase();
  await purpose("delivery-updates", "contract");
  await purpose("warranty", "contract");
  await purpose("surveys", "consent");
});
afterAll(() => t?.drop());

describe(`the purposes with decisions, on ${testDriver}`, () => {
  it("are those with any event, whatever their legal basis", async () => {
    expect(await listDecidedPurposes(t.db)).toEqual(new Set());
    await recordConsentEvents(t.db, system, [
      {
        eventId: "e-1",
        subjectId: "c-1",
        purpose: "delivery-updates",
        action: "deny",
        occurredAt: "2026-11-20T10:00:00Z",
        channel: "web",
        region: "DE",
      },
    ]);
    expect(await listDecidedPurposes(t.db)).toEqual(new Set(["delivery-updates"]));
  });
});
