/** Evidence read from the configuration: what it claims must hold on the data it reads. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activePurpose } from "@/tests/purposes";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { configEvidence } from "./evidence";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

describe(`configuration evidence on ${testDriver}`, () => {
  it("shows no privacy notice as in place while no active purpose rests on consent", async () => {
    await activePurpose(t.db, "billing"); // a contract: no consent asked, no notice to show
    const evidence = await configEvidence(t.db, "2026-12-01");
    expect(evidence.privacy_notice).toEqual({
      ok: false,
      said: { key: "noConsentPurposes" },
    });
  });
});
