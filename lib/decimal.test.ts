import { describe, expect, it } from "vitest";
import { decimalField } from "./decimal";

describe("decimalField", () => {
  it("reads a decimal comma as German writes it, and a point", () => {
    expect(decimalField("12,5")).toBe(12.5);
    expect(decimalField(" 12.5 ")).toBe(12.5);
    expect(decimalField("0,25")).toBe(0.25);
    expect(decimalField(",5")).toBe(0.5);
    expect(decimalField("7")).toBe(7);
  });
  it("leaves anything else for the schema to refuse, and empty as no value", () => {
    expect(decimalField("")).toBeUndefined();
    expect(decimalField("  ")).toBeUndefined();
    expect(decimalField("1,234,5")).toBeNaN();
    expect(decimalField("12 %")).toBeNaN();
  });
});
