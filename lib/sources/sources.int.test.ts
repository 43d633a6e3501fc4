import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, dataSources, purposes, purposeVersions, settings } from "@/db/schema";
import { ada } from "@/tests/actors";
import { ConflictError, RuleError } from "@/lib/errors";
import { getSourceMetrics } from "@/lib/metrics/sources";
import { createPurpose } from "@/lib/purposes";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { raceBehindHeldRow } from "@/tests/race";
import { expectTenthsMix } from "@/tests/source-mix";
import {
  clearPhaseOutTarget,
  createSource,
  fixPhaseOutBaseline,
  getPhaseOutTarget,
  getSource,
  listSources,
  retireSource,
  retireSourceNow,
  setPhaseOutTarget,
  updateSource,
} from ".";

let t: TestDatabase;
const admin = ada;
const today = "2026-11-29";

const source = (
  key: string,
  party: "zero" | "first" | "second" | "third",
  monthlyVolume: number,
  activeFrom: string,
  extra = {},
) => ({
  key,
  name: key,
  party,
  category: "other" as const,
  channel: "online" as const,
  monthlyVolume,
  activeFrom,
  ...extra,
});

beforeAll(async () => {
  t = await createTestDatabase();
  await createPurpose(t.db, admin, {
    key: "newsletter",
    name: "Newsletter",
    functionalArea: "marketing",
    legalBasis: "contract",
    retentionDays: 30,
  });
  await createSource(
    t.db,
    admin,
    source("site", "first", 600, "2024-01-15", { linkedPurposes: ["newsletter"] }),
  );
  await createSource(t.db, admin, source("quiz", "zero", 200, "2025-03-01"));
  await createSource(t.db, admin, source("partner", "second", 200, "2025-01-01"));
  await createSource(
    t.db,
    admin,
    source("cookies", "third", 1000, "2023-01-01", { cookieBased: true }),
  );
  await createSource(t.db, admin, source("planned-app", "first", 400, "2027-01-10"));
});
afterAll(() => t?.drop());

describe(`data sources on ${testDriver}`, () => {
  it("stores sources with their linked purposes and audits the creation", async () => {
    expect(await getSource(t.db, "site")).toMatchObject({
      party: "first",
      monthlyVolume: 600,
      linkedPurposes: ["newsletter"],
      retiredAt: null,
    });
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, "site"));
    expect(event).toMatchObject({
      action: "data_source.create",
      entityType: "data_source",
      actorLabel: "ada@example.com",
    });
  });

  it("refuses unknown linked purposes and a retirement before the start, writing nothing", async () => {
    const unknown = await createSource(
      t.db,
      admin,
      source("bad-link", "first", 1, "2025-01-01", {
        linkedPurposes: ["nope", "newsletter", "nah"],
      }),
    ).catch((e) => e);
    expect(unknown).toBeInstanceOf(RuleError);
    // Each key not in the catalog is named, and only those.
    expect((unknown as RuleError).issues).toEqual([
      {
        path: "linkedPurposes",
        message: 'Unknown purpose "nah"',
        said: { key: "unknownPurpose", values: { purpose: "nah" } },
      },
      {
        path: "linkedPurposes",
        message: 'Unknown purpose "nope"',
        said: { key: "unknownPurpose", values: { purpose: "nope" } },
      },
    ]);
    expect((await listSources(t.db)).some((s) => s.key === "bad-link")).toBe(false);
    await expect(
      createSource(
        t.db,
        admin,
        source("backwards", "first", 1, "2025-05-01", { retiredAt: "2025-04-01" }),
      ),
    ).rejects.toThrow();
  });

  it("computes the mix now: a planned source is not in it yet", async () => {
    const m = await getSourceMetrics(t.db, today);
    expectTenthsMix(m, 200);
    expect(m.series).toHaveLength(24);
    expect(m.series[0]!.month).toBe("2024-12");
  });

  it("counts this month by the day, as the inventory lists each source", async () => {
    const day = "2027-01-05"; // planned-app starts on the 10th: planned, and not in the mix yet
    const m = await getSourceMetrics(t.db, day);
    const active = await listSources(t.db, { status: "active" }, day);
    expect(active.map((s) => s.key)).not.toContain("planned-app");
    expect(m.sources).toBe(active.length);
    expect(m.volume).toBe(active.reduce((sum, s) => sum + s.monthlyVolume, 0));
    const first = m.byParty.find((p) => p.party === "first")!.share;
    expect(m.series.at(-1)).toMatchObject({ month: "2027-01", first });
  });

  it("drops a retired source from its retirement month, and enters a planned one at its start", async () => {
    await retireSource(t.db, admin, "cookies", "2026-06-15");
    const m = await getSourceMetrics(t.db, today);
    expect(m.series.find((p) => p.month === "2026-05")).toMatchObject({ third: 0.5 });
    expect(m.series.find((p) => p.month === "2026-06")).toMatchObject({ third: 0, first: 0.6 });
    expect(m.thirdPartyShare).toBe(0);
    const later = await getSourceMetrics(t.db, "2027-02-01");
    expect(later.byParty.find((p) => p.party === "first")).toMatchObject({
      sources: 2,
      volume: 1000,
    });
    const actions = (
      await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, "cookies"))
    ).map((e) => e.action);
    expect(actions).toEqual(["data_source.create", "data_source.retire"]);
  });

  it("judges the phase-out against the path to the target", async () => {
    await updateSource(t.db, admin, "cookies", { retiredAt: null });
    await setPhaseOutTarget(
      t.db,
      admin,
      { targetDate: "2027-12-31", targetThirdPartyShare: 0.1 },
      today,
    );
    const m = await getSourceMetrics(t.db, today);
    expect(m.phaseOut.target).toMatchObject({
      targetDate: "2027-12-31",
      targetThirdPartyShare: 0.1,
    });
    expect(m.phaseOut.verdict).toBe("off_track"); // still half third-party
    expect(m.phaseOut.path.at(-1)?.targetThirdPartyShare).toBeLessThan(
      m.phaseOut.path[0]!.targetThirdPartyShare,
    );
    await retireSource(t.db, admin, "cookies", "2026-10-01");
    expect((await getSourceMetrics(t.db, today)).phaseOut.verdict).toBe("on_track");
  });

  it("filters the inventory by party, channel and status", async () => {
    expect((await listSources(t.db, { party: "zero" })).map((s) => s.key)).toEqual(["quiz"]);
    expect((await listSources(t.db, { status: "planned" }, today)).map((s) => s.key)).toEqual([
      "planned-app",
    ]);
    expect((await listSources(t.db, { status: "retired" }, today)).map((s) => s.key)).toEqual([
      "cookies",
    ]);
  });

  it("retires a source now from its page: once, and a planned one from its start", async () => {
    await createSource(
      t.db,
      admin,
      source("ending", "third", 1, "2024-01-01", { retiredAt: "2026-01-31" }),
    );
    // A page opened before the date was set: its button leaves the date as it is.
    expect((await retireSourceNow(t.db, admin, "ending", today)).retiredAt).toBe("2026-01-31");
    await createSource(t.db, admin, source("soon", "first", 1, "2027-03-01"));
    expect((await retireSourceNow(t.db, admin, "soon", today)).retiredAt).toBe("2027-03-01");
    // Retired before it ever counted: retired now, not planned.
    const keys = async (status: "planned" | "retired" | "active") =>
      (await listSources(t.db, { status }, today)).map((s) => s.key);
    expect(await keys("retired")).toContain("soon");
    expect(await keys("planned")).not.toContain("soon");
    expect(await keys("active")).not.toContain("soon");
    await createSource(t.db, admin, source("now", "first", 1, "2025-03-01"));
    expect((await retireSourceNow(t.db, admin, "now", today)).retiredAt).toBe(today);
    await retireSource(t.db, admin, "ending", "2026-02-28"); // a date chosen on the form moves it
  });

  it("refuses a key taken, also by a create running at the same moment, on the key field", async () => {
    const twin = source("twin", "first", 1, "2025-01-01");
    const twins = await raceBehindHeldRow(
      t,
      (tx) => tx.insert(dataSources).values({ ...twin, name: "held" }),
      [1, 2].map(() => () => createSource(t.db, admin, twin)),
    );
    const refused = twins.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(RuleError);
    expect(refused[0].issues).toEqual([{ path: "key", message: "validation.sourceKeyTaken" }]);
    expect((await listSources(t.db)).filter((s) => s.key === "twin")).toHaveLength(1);
  });

  it.runIf(testDriver === "postgres")(
    "refuses a link to a purpose deleted while the source is saved, as an unknown purpose",
    async () => {
      await createPurpose(t.db, admin, {
        key: "going",
        name: "Going",
        functionalArea: "marketing",
        legalBasis: "consent",
        retentionDays: 30,
      });
      await createSource(t.db, admin, source("racing", "first", 10, "2025-01-01"));
      // Another admin's delete holds the purpose and has removed it, not yet committed, while
      // this save links to it: the save must wait for the delete and then see it gone.
      const [saved] = await raceBehindHeldRow(
        t,
        async (tx) => {
          const [held] = await tx
            .select()
            .from(purposes)
            .where(eq(purposes.key, "going"))
            .for("update");
          await tx.delete(purposeVersions).where(eq(purposeVersions.purposeId, held!.id));
          await tx.delete(purposes).where(eq(purposes.id, held!.id));
        },
        [() => updateSource(t.db, admin, "racing", { linkedPurposes: ["going", "newsletter"] })],
        "commit",
      );
      expect(saved).toMatchObject({ status: "rejected" });
      const error = (saved as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(RuleError);
      expect(error.issues).toEqual([
        {
          path: "linkedPurposes",
          message: 'Unknown purpose "going"',
          said: { key: "unknownPurpose", values: { purpose: "going" } },
        },
      ]);
      expect((await getSource(t.db, "racing")).linkedPurposes).toEqual([]);
    },
  );

  it("refuses a save from a form opened before another admin's save, writing nothing", async () => {
    await createSource(t.db, admin, source("shared", "first", 10, "2025-01-01"));
    const opened = (await getSource(t.db, "shared")).updatedAt;
    const first = await updateSource(t.db, admin, "shared", { monthlyVolume: 20 }, opened);
    expect(first.updatedAt > opened).toBe(true);
    // The second admin opened the form at the same time and saves over the first one's change.
    const stale = await updateSource(t.db, admin, "shared", { notes: "mine" }, opened).catch(
      (e) => e,
    );
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale.current).toMatchObject({
      monthlyVolume: 20,
      notes: "",
      updatedAt: first.updatedAt,
    });
    expect(await getSource(t.db, "shared")).toMatchObject({ monthlyVolume: 20, notes: "" });
    const actions = (
      await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, "shared"))
    ).map((e) => e.action);
    expect(actions).toEqual(["data_source.create", "data_source.update"]);
    // Saved again against the version it was shown, the change goes through.
    const mine = await updateSource(t.db, admin, "shared", { notes: "mine" }, first.updatedAt);
    expect(mine).toMatchObject({ monthlyVolume: 20, notes: "mine" });
    expect(mine.updatedAt > first.updatedAt).toBe(true);
  });

  it("gives every save a later stamp, so two saves in one millisecond still conflict", async () => {
    await createSource(t.db, admin, source("quick", "first", 1, "2025-01-01"));
    const opened = (await getSource(t.db, "quick")).updatedAt;
    const at = new Date(opened);
    const saved = await updateSource(t.db, admin, "quick", { notes: "a" }, opened, at);
    expect(saved.updatedAt > opened).toBe(true);
    await expect(
      updateSource(t.db, admin, "quick", { notes: "b" }, opened, at),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("the phase-out path's start", () => {
  let own: TestDatabase;
  beforeAll(async () => {
    own = await createTestDatabase();
    await createSource(own.db, admin, source("crm", "first", 600_000, "2024-01-01"));
    await createSource(
      own.db,
      admin,
      source("broker-a", "third", 400_000, "2024-01-01", { retiredAt: "2025-02-01" }),
    );
    await createSource(own.db, admin, source("broker-b", "third", 160_000, "2024-01-01"));
  });
  afterAll(() => own?.drop());
  const lastTargetEvent = async () =>
    (
      await own.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.entityId, "phase_out_target"))
        .orderBy(desc(auditEvents.occurredAt))
        .limit(1)
    )[0];

  it("is kept from when the target was set: months passing and a source re-filed move neither path nor verdict", async () => {
    const target = { targetDate: "2027-11-30", targetThirdPartyShare: 0.1 };
    const saved = await setPhaseOutTarget(own.db, admin, target, "2026-12-15");
    // The 24 months shown on 2026-12-15 start in 2025-01, when broker A still sent its records.
    expect(saved.baseline?.month).toBe("2025-01");
    expect(saved.baseline?.thirdPartyShare).toBeCloseTo(560 / 1160, 10);
    const december = await getSourceMetrics(own.db, "2026-12-15");
    expect(december.thirdPartyShare).toBeCloseTo(160 / 760, 10);
    // 0.483 − 0.383 × 23/34 = 0.224 expected; 0.211 is under it.
    expect(december.phaseOut.expectedThirdPartyShare).toBeCloseTo(0.2238, 3);
    expect(december.phaseOut.verdict).toBe("on_track");
    // A month on, the 24 months shown start in 2025-02, after broker A: the path still starts
    // where it was set, 24 months of 34 along it now, and nothing changed in the inventory.
    const january = await getSourceMetrics(own.db, "2027-01-15");
    expect(january.series[0]!.month).toBe("2025-02");
    expect(january.phaseOut.expectedThirdPartyShare).toBeCloseTo(0.2126, 3);
    expect(january.phaseOut.verdict).toBe("on_track");
    // Broker B re-filed as second-party later: the start the admin set out from stays.
    await updateSource(own.db, admin, "broker-b", { party: "second" });
    const refiled = await getSourceMetrics(own.db, "2027-01-15");
    expect(refiled.phaseOut.target?.baseline).toEqual(saved.baseline);
    await updateSource(own.db, admin, "broker-b", { party: "third" });
  });

  it("stays at the target when the share starts under it: the path never asks for more third-party data", async () => {
    const saved = await setPhaseOutTarget(
      own.db,
      admin,
      { targetDate: "2027-11-30", targetThirdPartyShare: 0.6 },
      "2026-12-15",
    );
    expect(saved.baseline!.thirdPartyShare).toBeLessThan(0.6);
    const m = await getSourceMetrics(own.db, "2026-12-15");
    expect(new Set(m.phaseOut.path.map((p) => p.targetThirdPartyShare))).toEqual(new Set([0.6]));
    expect(m.phaseOut.verdict).toBe("on_track");
  });

  it("is fixed for a target set before starts were kept, where the path has started so far", async () => {
    await own.db
      .update(settings)
      .set({ value: { targetDate: "2027-11-30", targetThirdPartyShare: 0.1 } })
      .where(eq(settings.key, "phase_out_target"));
    expect(await fixPhaseOutBaseline(own.db, "2026-12-15")).toBe(true);
    expect((await getPhaseOutTarget(own.db))?.baseline?.month).toBe("2025-01");
    // Audited as the upgrade's change.
    const audited = await lastTargetEvent();
    expect(audited).toMatchObject({ actorType: "system", actorLabel: "upgrade" });
    expect((audited!.after as { baseline?: unknown }).baseline).toEqual({
      month: "2025-01",
      thirdPartyShare: 560 / 1160,
    });
    // Once only.
    expect(await fixPhaseOutBaseline(own.db, "2027-01-15")).toBe(false);
    expect((await getPhaseOutTarget(own.db))?.baseline?.month).toBe("2025-01");
  });

  it("is removed with its audit event: no path and no verdict until a target is set again", async () => {
    const set = await setPhaseOutTarget(
      own.db,
      admin,
      { targetDate: "2027-11-30", targetThirdPartyShare: 0.1 },
      "2026-12-15",
    );
    expect((await getSourceMetrics(own.db, "2026-12-15")).phaseOut.target).toBeTruthy();
    expect(await clearPhaseOutTarget(own.db, admin)).toBe(true);
    expect(await getPhaseOutTarget(own.db)).toBeUndefined();
    const m = await getSourceMetrics(own.db, "2026-12-15");
    expect(m.phaseOut).toMatchObject({ target: null, verdict: "no_target", path: [] });
    const audited = await lastTargetEvent();
    expect(audited).toMatchObject({
      action: "data_source.clear_phase_out_target",
      actorId: admin.id,
      after: null,
    });
    expect(audited!.before).toEqual(set);
    // Removed already (another admin's click first): nothing happens and nothing is audited.
    expect(await clearPhaseOutTarget(own.db, admin)).toBe(false);
    const events = await own.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "data_source.clear_phase_out_target"));
    expect(events).toHaveLength(1);
  });
});
