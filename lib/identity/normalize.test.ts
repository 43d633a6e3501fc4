import { describe, expect, it } from "vitest";
import { normalizeEmail, normalizeIdentifier, normalizePhone, searchCandidates } from "./normalize";

describe("normalizing identifiers", () => {
  it("trims and lower-cases e-mail addresses, and refuses what is not one", () => {
    expect(normalizeEmail("  Ada.Lovelace@Example.COM ")).toBe("ada.lovelace@example.com");
    expect(normalizeEmail("ADA+news@example.com")).toBe("ada+news@example.com");
    expect(normalizeEmail("Müller@Bäckerei.de")).toBe("müller@bäckerei.de");
    expect(normalizeEmail("not an address")).toBeNull();
    expect(normalizeEmail("two words@example.com")).toBeNull();
    expect(normalizeEmail("")).toBeNull();
  });

  it("compares e-mail addresses as they read: one Unicode form, invisible characters dropped", () => {
    const composed = "m\u00FCller@example.de";
    expect(normalizeEmail("mu\u0308ller@example.de")).toBe(composed); // "u" and a combining mark
    expect(normalizeEmail("m\u00FCller\u200B@example.de")).toBe(composed); // a zero-width space
    expect(normalizeEmail("\uFEFFm\u00FCller@example.de\u00AD")).toBe(composed);
  });

  it("writes phone numbers in E.164, national ones read in the customer's region", () => {
    expect(normalizePhone("030 1234567", "DE")).toBe("+49301234567");
    expect(normalizePhone("+49 (0)30 123-4567", "US-CA")).toBe("+49301234567");
    expect(normalizePhone("(202) 555-0123", "US-CA")).toBe("+12025550123");
    expect(normalizePhone("+1 202 555 0123")).toBe("+12025550123");
    expect(normalizePhone("0151 23456789", "DE")).toBe("+4915123456789");
    expect(normalizePhone("020 7946 0018", "GB")).toBe("+442079460018");
    expect(normalizePhone("06 12 34 56 78", "FR")).toBe("+33612345678");
  });

  it("reads a number with the international prefix 00 wherever the region dials another", () => {
    expect(normalizePhone("0049 30 1234567", "DE")).toBe("+49301234567");
    expect(normalizePhone("0049 30 1234567", "US-CA")).toBe("+49301234567");
    expect(normalizePhone("0049 30 1234567", "ZZ")).toBe("+49301234567");
    expect(normalizePhone("0049 30 1234567")).toBe("+49301234567");
    expect(normalizePhone("00 12", "US")).toBeNull();
  });

  it("keeps invalid numbers out of matching", () => {
    expect(normalizePhone("12", "DE")).toBeNull();
    expect(normalizePhone("+1 555 000 0001")).toBeNull(); // no such area code
    expect(normalizePhone("030 1234567")).toBeNull(); // national, and no region to read it in
    expect(normalizePhone("call me", "DE")).toBeNull();
  });

  it("keeps other types as given, trimmed", () => {
    expect(normalizeIdentifier("loyalty_id", " LOY-0042 ")).toBe("LOY-0042");
    expect(normalizeIdentifier("email", "Ada@Example.com")).toBe("ada@example.com");
    expect(normalizeIdentifier("phone", "030 1234567", "DE")).toBe("+49301234567");
    expect(normalizeIdentifier("device_id", "   ")).toBeNull();
  });
});

describe("what a search stands for", () => {
  it("reads an e-mail address as one", () => {
    expect(searchCandidates(" Ada@Example.com", ["DE"])).toEqual({
      email: "ada@example.com",
      phones: [],
      text: "Ada@Example.com",
    });
  });

  it("reads a national number in each region the customers live in", () => {
    expect(searchCandidates("0301234567", ["DE", "US-CA", "DE-BY"]).phones).toEqual([
      "+49301234567",
    ]);
    // Valid in both countries: the search asks for both, and lists whoever matches.
    expect(searchCandidates("202 555 0123", ["DE", "US-NY"]).phones).toEqual([
      "+12025550123",
      "+492025550123",
    ]);
    expect(searchCandidates("202 555 0123", ["US-NY"]).phones).toEqual(["+12025550123"]);
    expect(searchCandidates("0049 30 1234567", []).phones).toEqual(["+49301234567"]);
  });

  it("does not read a loyalty number or a subject id as a phone number", () => {
    expect(searchCandidates("LOY0042", ["DE"]).phones).toEqual([]);
    expect(searchCandidates("cust-0000042", ["DE"])).toEqual({
      email: null,
      phones: [],
      text: "cust-0000042",
    });
  });
});
