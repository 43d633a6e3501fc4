import { describe, expect, it } from "vitest";
import { profileInputSchema } from "./schema";

const profile = (value: unknown) =>
  profileInputSchema.safeParse({
    subjectId: "p-1",
    region: "DE",
    attributes: [{ group: "transactions", name: "orders", value, source: "shop" }],
  });

describe("a profile's attribute value", () => {
  it("is text as stored, a number or true/false sent as JSON being read as its text", () => {
    expect(profile("3").data?.attributes[0]?.value).toBe("3");
    expect(profile(3).data?.attributes[0]?.value).toBe("3");
    expect(profile(12.5).data?.attributes[0]?.value).toBe("12.5");
    expect(profile(true).data?.attributes[0]?.value).toBe("true");
    expect(profile(null).data?.attributes[0]?.value).toBeNull();
  });

  it("refuses what is no value, naming the field", () => {
    for (const bad of [{ n: 1 }, [1], Number.NaN, Number.POSITIVE_INFINITY]) {
      const parsed = profile(bad);
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues.map((i) => i.path.join("."))).toEqual(["attributes.0.value"]);
    }
  });
});
