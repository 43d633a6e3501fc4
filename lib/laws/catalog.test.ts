/**
 * The shipped catalog is facts a privacy officer acts on: it must parse, name only known
 * obligations, carry a source per law and keep its dates in order.
 */
import { describe, expect, it } from "vitest";
import raw from "@/data/laws.json";
import { lawCatalogSchema, sourceKinds } from "./schema";
import { lawName, lawShortName, lawTitle } from "./model";

const catalog = lawCatalogSchema.parse(raw);

describe("data/laws.json", () => {
  it("parses, with unique ids and a review date", () => {
    expect(catalog.reviewedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const ids = catalog.laws.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("contains the laws the issue names", () => {
    const jurisdictions = new Set(catalog.laws.flatMap((l) => l.jurisdictions));
    for (const code of [
      "EEA",
      "EU",
      "GB",
      "CH",
      "BR",
      "CA-QC",
      "CN",
      "IN",
      "AU",
      "VN",
      "US-CA",
      "US-VA",
    ])
      expect(jurisdictions, code).toContain(code);
    const names = catalog.laws.map((l) => l.name).join(" | ");
    expect(names).toMatch(/Artificial Intelligence|AI Act/);
    expect(names).toMatch(/Data Act/);
    expect(names).toMatch(/Data \(Use and Access\) Act/);
  });

  it("has every comprehensive US state law once per state", () => {
    const states = catalog.laws
      .filter((l) => l.category === "privacy")
      .flatMap((l) => l.jurisdictions)
      .filter((j) => j.startsWith("US-"));
    expect(new Set(states).size).toBe(states.length);
    expect(states.length).toBeGreaterThanOrEqual(19);
  });

  it("keeps phases and obligations on or after the effective date and sorted", () => {
    for (const law of catalog.laws) {
      const dates = law.phases.map((p) => p.date);
      expect([...dates].sort(), law.id).toEqual(dates);
      for (const d of dates) expect(d >= law.effectiveDate, `${law.id} ${d}`).toBe(true);
      for (const o of law.obligations)
        if (o.appliesFrom)
          expect(o.appliesFrom >= law.effectiveDate, `${law.id} ${o.key}`).toBe(true);
      expect(new Set(law.obligations.map((o) => o.key)).size, law.id).toBe(law.obligations.length);
    }
  });

  it("says whether each US state law requires honouring a universal opt-out signal", () => {
    const gpc = catalog.laws.filter((l) =>
      l.obligations.some((o) => o.key === "universal_opt_out"),
    );
    const ids = gpc.map((l) => l.id);
    for (const id of ["us-ca-ccpa", "us-co-cpa", "us-ct-ctdpa", "us-tx-tdpsa", "us-or-ocpa"])
      expect(ids).toContain(id);
    const co = catalog.laws.find((l) => l.id === "us-co-cpa")!;
    expect(co.obligations.find((o) => o.key === "universal_opt_out")!.appliesFrom).toBe(
      "2024-07-01",
    );
  });
});

describe("data/laws.json, second review", () => {
  it("gives every law at least one source, each of a stated kind, on a well-formed host", () => {
    for (const law of catalog.laws) {
      expect(law.sources.length, law.id).toBeGreaterThan(0);
      for (const source of law.sources) {
        expect(sourceKinds, `${law.id} ${source.url}`).toContain(source.kind);
        const host = new URL(source.url).hostname;
        expect(host.endsWith("."), `${law.id} ${host}`).toBe(false);
        expect(source.quote.trim().length, `${law.id} ${source.url}`).toBeGreaterThan(0);
      }
    }
  });

  it.each(["en", "de"] as const)(
    "never shows two laws under the same display name (%s)",
    (locale) => {
      const names = catalog.laws.map((l) => lawShortName(l, locale).toLowerCase());
      const twice = names.filter((n, i) => names.indexOf(n) !== i);
      expect(twice).toEqual([]);
    },
  );

  it("names the EU's and Switzerland's laws by their official German titles on German pages", () => {
    const byId = new Map(catalog.laws.map((l) => [l.id, l]));
    expect(lawName(byId.get("eu-gdpr")!, "de")).toBe("DSGVO (EEA)");
    expect(lawName(byId.get("eu-gdpr")!, "en")).toBe("GDPR (EEA)");
    expect(lawName(byId.get("ch-revfadp")!, "de")).toBe("revDSG (CH)");
    // A law with a German title and no German short name keeps the one it has.
    expect(lawTitle(byId.get("eu-data-act")!, "de")).toMatch(
      /^Verordnung \(EU\) 2023\/2854 .*\(Datenverordnung\)$/,
    );
    expect(lawName(byId.get("eu-data-act")!, "de")).toBe("EU Data Act (EU)");
    // A law with no German title is named as it is in English.
    expect(lawTitle(byId.get("us-ca-ccpa")!, "de")).toBe(byId.get("us-ca-ccpa")!.name);
    // A German title is the same law's: it gives the EU regulation's number where the English does.
    for (const law of catalog.laws.filter((l) => l.nameDe)) {
      const number = /\(EU\) \d{4}\/\d+/.exec(law.name)?.[0];
      if (number) expect(law.nameDe, law.id).toContain(number);
      expect(
        law.jurisdictions.some((j) => ["EU", "EEA", "CH", "AT", "DE", "LI"].includes(j)),
        law.id,
      ).toBe(true);
    }
  });

  it("uses one status vocabulary: enacted, or repealed", () => {
    for (const law of catalog.laws) expect(["enacted", "repealed"], law.id).toContain(law.status);
  });

  it("has a German text for every label and note it ships", () => {
    const missing: string[] = [];
    for (const law of catalog.laws) {
      if (law.notes && !law.notesDe) missing.push(`${law.id} notes`);
      if (law.cureNote && !law.cureNoteDe) missing.push(`${law.id} cureNote`);
      for (const p of law.phases) if (!p.labelDe) missing.push(`${law.id} ${p.date}`);
      for (const o of law.obligations) if (o.note && !o.noteDe) missing.push(`${law.id} ${o.key}`);
    }
    for (const l of catalog.leftOut) if (!l.reasonDe) missing.push(`leftOut ${l.name}`);
    expect(missing).toEqual([]);
  });

  it("stores a cure period's end as a date, never as a note alone", () => {
    for (const law of catalog.laws) {
      if (law.cureEndsOn) expect(law.curePeriodDays, law.id).not.toBeNull();
      // A note that speaks of a sunset or an end needs the date in cureEndsOn.
      const ending = /sunset|expire|ended|until|removed|only from/i.test(law.cureNote);
      if (ending && !/no sunset|not sunset|does not sunset/i.test(law.cureNote))
        expect(law.cureEndsOn, law.id).toBeTruthy();
      // So does a phase that ends one.
      if (law.phases.some((p) => /cure period (ends|sunsets|expires)/i.test(p.label)))
        expect(law.cureEndsOn, law.id).toBeTruthy();
    }
  });

  it("dates a law from when it first applied, not from its entry into force", () => {
    const byId = new Map(catalog.laws.map((l) => [l.id, l]));
    expect(byId.get("eu-gdpr")!.effectiveDate).toBe("2018-05-25");
    expect(byId.get("eu-ai-act")!.effectiveDate).toBe("2025-02-02");
    expect(byId.get("eu-data-act")!.effectiveDate).toBe("2025-09-12");
  });

  it("names no Official Journal number for the Digital Omnibus on AI that no source states", () => {
    expect(JSON.stringify(raw)).not.toMatch(/2026\/1744/);
  });
});
