/**
 * The shipped catalog is facts a privacy officer acts on: it must parse, name only known
 * obligations, carry a source per law and keep its dates in order.
 */
import { describe, expect, it } from "vitest";
import raw from "@/data/laws.json";
import { lawCatalogSchema } from "./schema";

const catalog = lawCatalogSchema.parse(raw);

describe("data/laws.json", () => {
  it("parses, with unique ids and a review date", () => {
    expect(catalog.reviewedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const ids = catalog.laws.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("contains the laws the issue names", () => {
    const jurisdictions = new Set(catalog.laws.flatMap((l) => l.jurisdictions));
    for (const code of ["EU", "GB", "CH", "BR", "CA-QC", "CN", "IN", "AU", "VN", "US-CA", "US-VA"])
      expect(jurisdictions, code).toContain(code);
    const names = catalog.laws.map((l) => l.name).join(" | ");
    expect(names).toMatch(/Artificial Intelligence|AI Act/);
    expect(names).toMatch(/Data Act/);
    expect(names).toMatch(/Data \(Use and Access\) Act/);
  });

  it("has every comprehensive US state law once per state", () => {
    const states = catalog.laws.flatMap((l) => l.jurisdictions).filter((j) => j.startsWith("US-"));
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
