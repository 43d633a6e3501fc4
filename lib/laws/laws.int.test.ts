import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  auditEvents,
  controls,
  internalDeadlines,
  lawObligations,
  laws,
  profiles,
  users,
} from "@/db/schema";
import { testUser } from "@/tests/actors";
import { createTestDatabase, type TestDatabase } from "@/tests/database";
import { raceBehindHeldRow } from "@/tests/race";
import { ConflictError } from "@/lib/errors";
import { createTranslator } from "use-intl/core";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import { recordConsentEvents } from "@/lib/consent/ingest";
import { createPurpose } from "@/lib/purposes";
import { system } from "@/tests/actors";
import type { ControlView } from "./views";
import {
  addDeadline,
  configEvidence,
  createCustomLaw,
  evidenceSayArgs,
  deleteDeadline,
  getCoverage,
  listControls,
  listDeadlines,
  listLaws,
  setControl,
  shippedCatalog,
  syncLawCatalog,
} from ".";
import type { LawCatalog } from "./schema";

let t: TestDatabase;
const privacy = testUser(2, "priya@example.com", "privacy");
const today = "2026-11-29";

const trail = (entityType: string, entityId?: string) =>
  t.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, entityType),
        entityId ? eq(auditEvents.entityId, entityId) : undefined,
      ),
    )
    .orderBy(auditEvents.id);

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.insert(users).values({ id: privacy.id, email: privacy.label, role: "privacy" });
  await syncLawCatalog(t.db);
});
afterAll(() => t.drop());

describe("law catalog in the database", () => {
  it("loads every shipped law with its phases and obligations, once", async () => {
    const all = await listLaws(t.db, today);
    const catalog = shippedCatalog();
    expect(all.filter((l) => !l.custom)).toHaveLength(catalog.laws.length);
    const ccpa = all.find((l) => l.id === "us-ca-ccpa")!;
    const source = catalog.laws.find((l) => l.id === "us-ca-ccpa")!;
    expect(ccpa.phases.map((p) => p.date)).toEqual(source.phases.map((p) => p.date));
    expect(ccpa.obligations.map((o) => o.key).sort()).toEqual(
      source.obligations.map((o) => o.key).sort(),
    );
    expect(ccpa.status).toBe("in_force");
    expect(ccpa.readiness).toBe(0);
    // German names where the catalog has them, none where it has not.
    const gdpr = all.find((l) => l.id === "eu-gdpr")!;
    expect(gdpr).toMatchObject({ shortName: "GDPR", shortNameDe: "DSGVO" });
    expect(gdpr.nameDe).toBe(catalog.laws.find((l) => l.id === "eu-gdpr")!.nameDe);
    expect(gdpr.nameDe).toMatch(/Datenschutz-Grundverordnung/);
    expect(ccpa).toMatchObject({ nameDe: "", shortNameDe: "" });
    expect(await syncLawCatalog(t.db)).toBe(false);
    expect((await trail("law_catalog")).length).toBe(1);
  });

  it("answers status relative to the day asked", async () => {
    const vermont = shippedCatalog().laws.find((l) => l.jurisdictions.includes("US-VT"));
    if (!vermont) return;
    const before = (await listLaws(t.db, "2027-12-31")).find((l) => l.id === vermont.id)!;
    const after = (await listLaws(t.db, vermont.effectiveDate)).find((l) => l.id === vermont.id)!;
    expect(before.status).toBe("upcoming");
    expect(before.next?.days).toBeGreaterThan(0);
    expect(after.status).toBe("in_force");
  });

  it("updates a changed catalog and removes a dropped law, keeping deadlines", async () => {
    const catalog = shippedCatalog();
    const dropped = catalog.laws[0]!;
    const deadline = await addDeadline(t.db, privacy, {
      title: "Tied to a law that will leave the catalog",
      date: "2027-02-01",
      lawId: dropped.id,
    });
    const changed: LawCatalog = {
      ...catalog,
      reviewedOn: "2026-12-01",
      laws: catalog.laws
        .slice(1)
        .map((l, i) =>
          i === 0 ? { ...l, name: `${l.name} (renamed)`, shortNameDe: "Umbenannt" } : l,
        ),
    };
    expect(await syncLawCatalog(t.db, changed)).toBe(true);
    const all = await listLaws(t.db, today);
    expect(all.find((l) => l.id === dropped.id)).toBeUndefined();
    expect(all.find((l) => l.id === changed.laws[0]!.id)!.name).toMatch(/\(renamed\)$/);
    expect(all.find((l) => l.id === changed.laws[0]!.id)!.shortNameDe).toBe("Umbenannt");
    const [kept] = await t.db
      .select()
      .from(internalDeadlines)
      .where(eq(internalDeadlines.id, deadline.id));
    expect(kept).toMatchObject({ lawId: null, title: deadline.title });
    expect(await syncLawCatalog(t.db)).toBe(true); // back to the shipped one
    expect((await listLaws(t.db, today)).find((l) => l.id === dropped.id)).toBeDefined();
  });
});

describe("controls and readiness", () => {
  it("raises a law's readiness when an obligation is implemented, and audits who did it", async () => {
    const before = (await listLaws(t.db, today)).find((l) => l.id === "us-ca-ccpa")!;
    const n = before.obligations.length;
    await setControl(t.db, privacy, "access", {
      status: "implemented",
      owner: "Customer service",
      evidence: "https://wiki.example/dsr",
      dueDate: null,
    });
    await setControl(t.db, privacy, "deletion", {
      status: "not_applicable",
      owner: "",
      evidence: "",
      dueDate: null,
    });
    const after = (await listLaws(t.db, today)).find((l) => l.id === "us-ca-ccpa")!;
    expect(after.readiness).toBeCloseTo(2 / n, 10);
    expect(after.notReady).toBe(true); // in force and below 100%: a gap today
    // What the page shows beside the bar: the obligations still open.
    expect(before.openObligations).toBe(n);
    expect(after.openObligations).toBe(n - 2);
    expect(after.obligations.find((o) => o.key === "access")!.status).toBe("implemented");
    const events = await trail("control", "access");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "control.update", actorLabel: "priya@example.com" });
    expect(events[0]!.after).toMatchObject({ status: "implemented", owner: "Customer service" });
    const [control] = (await listControls(t.db)).filter((c) => c.key === "access");
    expect(control).toMatchObject({ status: "implemented", updatedBy: "priya@example.com" });
    expect(control!.laws.length).toBeGreaterThan(10);
    // Laws are listed with their jurisdictions: Montana's and Minnesota's short names are alike.
    expect(control!.laws).toContain("CCPA/CPRA (US-CA)");
  });

  it("records the previous state on a second change", async () => {
    await setControl(t.db, privacy, "access", {
      status: "in_progress",
      owner: "Customer service",
      evidence: "",
      dueDate: "2027-01-31",
    });
    const events = await trail("control", "access");
    expect(events.at(-1)!.before).toMatchObject({ status: "implemented" });
    expect(events.at(-1)!.after).toMatchObject({ status: "in_progress", dueDate: "2027-01-31" });
  });

  it("rejects bad input and unknown obligations without writing anything", async () => {
    const count = async () => (await t.db.select().from(controls)).length;
    const n = await count();
    const set = (key: string, status: string, dueDate: string | null) =>
      setControl(t.db, privacy, key, { status, owner: "", evidence: "", dueDate });
    await expect(set("portability", "done", null)).rejects.toBeInstanceOf(z.ZodError);
    await expect(set("portability", "implemented", "31/12/2026")).rejects.toBeInstanceOf(
      z.ZodError,
    );
    await expect(set("no_such_thing", "implemented", null)).rejects.toThrow(/No obligation/);
    expect(await count()).toBe(n);
  });

  it("leaves no change when the audit event cannot be written", async () => {
    const broken = { ...privacy, label: null as unknown as string };
    await expect(
      setControl(t.db, broken, "dpo", {
        status: "implemented",
        owner: "",
        evidence: "",
        dueDate: null,
      }),
    ).rejects.toThrow();
    expect((await listControls(t.db)).find((c) => c.key === "dpo")!.status).toBe("not_started");
  });

  it("refuses a save from a form opened before another officer's save, writing nothing", async () => {
    const shown = (key: string) =>
      listControls(t.db).then((all) => all.find((c) => c.key === key)!);
    const control = (status: string, owner: string) => ({
      status,
      owner,
      evidence: "",
      dueDate: null,
    });
    const opened = (await shown("access")).updatedAt;
    const first = await setControl(t.db, privacy, "access", control("implemented", "Ann"), opened);
    const stale = await setControl(
      t.db,
      privacy,
      "access",
      control("not_started", "Ben"),
      opened,
    ).catch((e) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale.current).toMatchObject({ status: "implemented", owner: "Ann" });
    expect(await shown("access")).toMatchObject({ status: "implemented", owner: "Ann" });
    const saved = await setControl(
      t.db,
      privacy,
      "access",
      control("in_progress", "Ben"),
      first.updatedAt,
    );
    expect(saved).toMatchObject({ status: "in_progress", owner: "Ben" });
    expect((await trail("control", "access")).at(-1)!.after).toMatchObject({ owner: "Ben" });
  });

  it("lets only one of two first saves of a control through, also at the same moment", async () => {
    expect((await listControls(t.db)).find((c) => c.key === "risk_assessment")!.updatedAt).toBe(
      null,
    );
    const saves = await raceBehindHeldRow(
      t,
      (tx) =>
        tx.insert(controls).values({ obligationKey: "risk_assessment", status: "in_progress" }),
      ["Ann", "Ben"].map(
        (owner) => () =>
          setControl(
            t.db,
            privacy,
            "risk_assessment",
            { status: "implemented", owner, evidence: "", dueDate: null },
            null,
          ),
      ),
    );
    const refused = saves.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(ConflictError);
    expect(await trail("control", "risk_assessment")).toHaveLength(1);
  });

  it("stamps a save that names no stamp after the first save it replaces at the same moment", async () => {
    const saves = await raceBehindHeldRow(
      t,
      (tx) => tx.insert(controls).values({ obligationKey: "children_data", status: "in_progress" }),
      ["Ann", "Ben"].map(
        (owner) => () =>
          setControl(t.db, privacy, "children_data", {
            status: "in_progress",
            owner,
            evidence: "",
            dueDate: null,
          }),
      ),
    );
    expect(saves.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    const [first, second] = saves.map((r) => (r as PromiseFulfilledResult<ControlView>).value);
    // Each answers the control as it wrote it, the later one stamped after the earlier.
    expect(new Set([first!.owner, second!.owner])).toEqual(new Set(["Ann", "Ben"]));
    expect(first!.updatedAt).not.toBe(second!.updatedAt);
    // The later one's trail names the control it replaced.
    const events = await trail("control", "children_data");
    expect(events.map((e) => e.before === null)).toEqual([true, false]);
    expect(events[1]!.before).toMatchObject({ status: "in_progress" });
  });
});

describe("the company's own laws and deadlines", () => {
  it("adds a law marked as its own that counts in readiness", async () => {
    const law = await createCustomLaw(t.db, privacy, {
      name: "Massachusetts Data Privacy Act",
      shortName: "MA DPA",
      jurisdictions: ["us-ma", "US-MA"],
      effectiveDate: "2027-07-01",
      obligations: ["access", "deletion", "dpo"],
    });
    expect(law).toMatchObject({ id: "own-ma-dpa", custom: true, jurisdictions: ["US-MA"] });
    expect(law.readiness).toBeCloseTo(1 / 3, 10); // deletion is not applicable, access in progress
    // A custom law in Massachusetts under a short name, with one obligation.
    const another = (name: string, shortName: string) =>
      createCustomLaw(t.db, privacy, {
        name,
        shortName,
        jurisdictions: ["US-MA"],
        effectiveDate: "2027-07-01",
        obligations: ["access"],
      });
    expect((await another("Another", "MA DPA")).id).toBe("own-ma-dpa-2");
    expect((await another("Third", "MA DPA 3")).id).toBe("own-ma-dpa-3");
    // A fourth "MA DPA" must not collide with "MA DPA 3": the first free id is -4.
    expect((await another("Fourth", "MA DPA")).id).toBe("own-ma-dpa-4");
    expect((await trail("law", "own-ma-dpa"))[0]!.action).toBe("law.create");
    // The catalog sync leaves the company's own laws alone.
    await syncLawCatalog(t.db, { ...shippedCatalog(), reviewedOn: "2026-12-02" });
    expect((await listLaws(t.db, today)).filter((l) => l.custom)).toHaveLength(4);
    await syncLawCatalog(t.db);
  });

  it("refuses a law without obligations or with a bad jurisdiction, writing nothing", async () => {
    const n = (await t.db.select().from(laws)).length;
    const error = await createCustomLaw(t.db, privacy, {
      name: "X",
      shortName: "X",
      jurisdictions: ["Massachusetts"],
      effectiveDate: "2027-13-01",
      obligations: [],
    }).catch((e) => e);
    expect(error).toBeInstanceOf(z.ZodError);
    const paths = (error as z.ZodError).issues.map((i) => i.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining(["jurisdictions.0", "effectiveDate", "obligations"]),
    );
    expect((await t.db.select().from(laws)).length).toBe(n);
    expect(
      (await t.db.select().from(lawObligations).where(eq(lawObligations.lawId, "own-x"))).length,
    ).toBe(0);
  });

  it("adds and deletes internal deadlines with audit events, and refuses an unknown law", async () => {
    const d = await addDeadline(t.db, privacy, {
      title: "DPIA for recommendations",
      date: "2027-03-01",
      lawId: "eu-gdpr",
    });
    expect((await listDeadlines(t.db, "2027-01-01")).map((x) => x.id)).toContain(d.id);
    await expect(
      addDeadline(t.db, privacy, { title: "x", date: "2027-03-01", lawId: "no-such-law" }),
    ).rejects.toThrow(/Unknown law/);
    await deleteDeadline(t.db, privacy, d.id);
    expect((await listDeadlines(t.db)).map((x) => x.id)).not.toContain(d.id);
    expect((await trail("internal_deadline", d.id)).map((e) => e.action)).toEqual([
      "deadline.create",
      "deadline.delete",
    ]);
    await expect(deleteDeadline(t.db, privacy, d.id)).rejects.toThrow(/No such deadline/);
    await expect(deleteDeadline(t.db, privacy, "not-a-uuid")).rejects.toThrow(/No such deadline/);
  });
});

describe("customer coverage", () => {
  it("counts profiles by region against the laws in force, month by month", async () => {
    const rows = [
      ...Array.from({ length: 6 }, (_, i) => ({
        subjectId: `de-${i}`,
        personId: `de-${i}`,
        region: "DE",
      })),
      ...Array.from({ length: 3 }, (_, i) => ({
        subjectId: `ny-${i}`,
        personId: `ny-${i}`,
        region: "US-NY",
      })),
      { subjectId: "in-1", personId: "in-1", region: "IN" },
      // Norway is in the EEA, not the EU: the GDPR covers it.
      { subjectId: "no-1", personId: "no-1", region: "NO" },
    ];
    await t.db.insert(profiles).values(rows);
    const { series, byRegion, byLaw } = await getCoverage(t.db, today);
    expect(series).toHaveLength(25);
    // India's DPDP Act is in the catalog with an effective date in the past.
    const inCovered = (await listLaws(t.db, today)).some(
      (l) => l.jurisdictions.includes("IN") && l.status === "in_force",
    );
    expect(series[0]).toMatchObject({ total: 11, covered: inCovered ? 8 : 7 });
    expect(byRegion.find((r) => r.region === "US-NY")).toMatchObject({
      profiles: 3,
      lawsNow: [],
      coveredFrom: null,
    });
    expect(byRegion.find((r) => r.region === "DE")!.lawsNow).toContain("GDPR (EEA)");
    expect(byRegion.find((r) => r.region === "NO")).toMatchObject({
      profiles: 1,
      lawsNow: ["GDPR (EEA)"],
    });
    // Each law's customers: the GDPR's are in DE and NO, the CCPA's in none of these regions.
    expect(byLaw.get("eu-gdpr")).toBe(7);
    expect(byLaw.get("us-ca-ccpa")).toBe(0);
  });
});

describe("evidence read from the configuration", () => {
  const namespace = "laws.evidenceMessages";
  const english = createTranslator({ locale: "en", messages: en, namespace });
  // The German catalog holds the same messages as the English one (i18n/config.test).
  const german = createTranslator({
    locale: "de",
    messages: de as unknown as typeof en,
    namespace,
  });
  /** Each obligation's evidence: whether it holds, in English, in German. */
  const say = (evidence: Awaited<ReturnType<typeof configEvidence>>) =>
    Object.fromEntries(
      Object.entries(evidence).map(([obligation, e]) => [
        obligation,
        [e.ok, english(...evidenceSayArgs(e.said)), german(...evidenceSayArgs(e.said))],
      ]),
    );

  it("says what the purpose catalog and the consent log show, in both languages", async () => {
    // Nothing in the catalog yet: nothing claimed for all of it.
    expect(say(await configEvidence(t.db, today))).toEqual({
      data_minimization: [
        false,
        "there are no active purposes yet.",
        "es gibt noch keinen aktiven Zweck.",
      ],
      universal_opt_out: [
        false,
        "no consent events with a Global Privacy Control signal in the last 90 days.",
        "keine Einwilligungsereignisse mit Global-Privacy-Control-Signal in den letzten 90 Tagen.",
      ],
      sensitive_opt_in: [
        true,
        "no active purpose involves sensitive data.",
        "kein aktiver Zweck verarbeitet sensible Daten.",
      ],
      privacy_notice: [
        false,
        "there are no active consent purposes yet.",
        "es gibt noch keinen aktiven Einwilligungszweck.",
      ],
    });

    await createPurpose(
      t.db,
      system,
      {
        key: "evidence-news",
        name: "Newsletter",
        functionalArea: "marketing",
        legalBasis: "consent",
        customerTitle: "Newsletter",
        customerDescription: "News from us",
        customerValue: "Offers first",
        dataCategories: ["contact"],
        retentionDays: 365,
        status: "active",
      },
      new Date("2026-01-01T00:00:00Z"),
    );
    await recordConsentEvents(
      t.db,
      system,
      [
        {
          eventId: "evidence-gpc-1",
          subjectId: "c-evidence",
          purpose: "evidence-news",
          action: "deny",
          occurredAt: "2026-11-20T10:00:00Z",
          channel: "web",
          region: "US-CA",
          gpc: true,
        },
      ],
      { now: new Date("2026-11-29T12:00:00Z") },
    );
    const said = say(await configEvidence(t.db, today));
    // One of each: said in the singular, in both languages.
    expect(said.data_minimization).toEqual([
      true,
      "the one active purpose names the data categories it needs and a retention period.",
      "der eine aktive Zweck nennt seine Datenkategorien und eine Aufbewahrungsdauer.",
    ]);
    expect(said.privacy_notice).toEqual([
      true,
      "the one active consent purpose has customer-facing text.",
      "der eine aktive Einwilligungszweck hat einen Text für Kunden.",
    ]);
    expect(said.universal_opt_out).toEqual([
      true,
      "1 consent event with a Global Privacy Control signal recorded in the last 90 days (latest on 2026-11-20).",
      "1 Einwilligungsereignis mit Global-Privacy-Control-Signal in den letzten 90 Tagen (zuletzt am 2026-11-20).",
    ]);
    // The last 90 days are today and the 89 before it; a day after `today` is not among them.
    const gpcOn = async (day: string) => (await configEvidence(t.db, day)).universal_opt_out!.ok;
    expect(await gpcOn("2027-02-17")).toBe(true);
    expect(await gpcOn("2027-02-18")).toBe(false);
    expect(await gpcOn("2026-11-19")).toBe(false);
  });
});
