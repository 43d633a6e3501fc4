/** Dates before 1900 are refused at their field, before PostgreSQL (no year 0) would fail. */
import { describe, expect, it } from "vitest";
import { createSourceSchema, phaseOutTargetSchema } from "@/lib/sources/schema";
import { consentEventSchema } from "@/lib/consent/schema";
import { fromEarliest, storedDay } from "./stored-day";

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? [] : result.error!.issues.map((i) => i.message);

describe("stored days", () => {
  it("takes a day from 1900-01-01 on, and says which rule a day breaks", () => {
    expect(messages(storedDay.safeParse("1900-01-01"))).toEqual([]);
    expect(messages(storedDay.safeParse("2026-12-05"))).toEqual([]);
    expect(messages(storedDay.safeParse("1899-12-31"))).toEqual(["validation.dateTooEarly"]);
    expect(messages(storedDay.safeParse("0000-01-01"))).toEqual(["validation.dateTooEarly"]);
    // A placeholder such as 9999-12-31 is no date a law, deadline or source will have: its day
    // after (a calendar's end) would have a five-digit year.
    expect(messages(storedDay.safeParse("2999-12-31"))).toEqual([]);
    expect(messages(storedDay.safeParse("3000-01-01"))).toEqual(["validation.dateTooLate"]);
    expect(messages(storedDay.safeParse("9999-12-31"))).toEqual(["validation.dateTooLate"]);
    // Not a day at all, early or not: its format is what is wrong, said once.
    for (const text of ["05.12.2026", "0000-13-01", "1899-02-30"])
      expect(messages(storedDay.safeParse(text)), text).toEqual(["validation.dateFormat"]);
  });

  it("bounds instants on the UTC clock, and says a malformed one is malformed only", () => {
    expect(fromEarliest("1900-01-01T00:00:00Z")).toBe(true);
    expect(fromEarliest("1900-01-01T00:30:00+01:00")).toBe(false);
    const occurredAt = consentEventSchema.shape.occurredAt;
    expect(messages(occurredAt.safeParse("0000-01-01T00:00Z"))).toEqual([
      "validation.consentOccurredAt",
    ]);
    expect(messages(occurredAt.safeParse("0000-01-01T00:00:00Z"))).toEqual([
      "validation.consentOccurredAtEarly",
    ]);
  });

  it("applies to a source's dates and the phase-out target", () => {
    const source = {
      key: "crm",
      name: "CRM",
      party: "first",
      category: "crm",
      channel: "web",
      dataCategories: [],
      monthlyVolume: 1,
      activeFrom: "0000-01-01",
    };
    const refused = createSourceSchema.safeParse(source);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => [i.path.join("."), i.message])).toContainEqual([
      "activeFrom",
      "validation.dateTooEarly",
    ]);
    expect(
      messages(
        phaseOutTargetSchema.safeParse({ targetDate: "0026-01-01", targetThirdPartyShare: 0.1 }),
      ),
    ).toEqual(["validation.dateTooEarly"]);
  });
});
