import { describe, expect, it } from "vitest";
import { defaultModel, profileInputSchema } from "./schema";
import {
  bucketOf,
  completeness,
  derive,
  groupsPresent,
  is360,
  type PresentAttribute,
} from "./score";

const attr = (group: string, name: string, party: PresentAttribute["party"] = "first") => ({
  group,
  name,
  party,
});
const model = {
  attributes: [
    { group: "contact" as const, name: "email", weight: 2 },
    { group: "contact" as const, name: "phone", weight: 1 },
    { group: "identity" as const, name: "first_name", weight: 1 },
  ],
};

describe("completeness", () => {
  it("is the weighted share of key attributes present; other attributes do not count", () => {
    expect(completeness([], model)).toBe(0);
    expect(completeness([attr("contact", "email")], model)).toBe(0.5);
    expect(completeness([attr("contact", "phone"), attr("identity", "first_name")], model)).toBe(
      0.5,
    );
    expect(completeness([attr("contact", "fax"), attr("identity", "nickname")], model)).toBe(0);
    expect(
      completeness(
        [attr("contact", "email"), attr("contact", "phone"), attr("identity", "first_name")],
        model,
      ),
    ).toBe(1);
  });
  it("matches on group and name together", () => {
    expect(completeness([attr("identity", "email")], model)).toBe(0);
  });
  it("ignores zero weights and is 0 for a model without weight", () => {
    expect(
      completeness([attr("contact", "email")], {
        attributes: [{ ...model.attributes[0]!, weight: 0 }],
      }),
    ).toBe(0);
  });
  it("rounds to millionths so sums stay exact", () => {
    expect(
      completeness([attr("contact", "phone")], {
        attributes: [...model.attributes, { group: "identity", name: "x", weight: 0.5 }],
      }),
    ).toBe(0.222222);
  });
});

describe("groups, 360° and views", () => {
  const all = [
    attr("identity", "first_name"),
    attr("contact", "email"),
    attr("demographics", "birth_year", "third"),
    attr("preferences", "interests", "zero"),
    attr("transactions", "order_count"),
  ];
  it("is 360° only with all five groups", () => {
    expect(groupsPresent(all)).toHaveLength(5);
    expect(is360(derive(all, defaultModel).all)).toBe(true);
    expect(is360(derive(all.slice(1), defaultModel).all)).toBe(false);
  });
  it("counts per party only the attributes that party supplied", () => {
    const d = derive(all, model);
    expect(d.all).toEqual({ c: 0.75, g: 5 });
    expect(d.first).toEqual({ c: 0.75, g: 3 });
    expect(d.third).toEqual({ c: 0, g: 1 });
    expect(d.second).toEqual({ c: 0, g: 0 });
  });
});

describe("histogram buckets", () => {
  it("puts scores in tenths, with 1.0 in the last bucket", () => {
    expect([0, 0.0999, 0.1, 0.56, 0.9, 1].map(bucketOf)).toEqual([0, 0, 1, 5, 9, 9]);
    expect(bucketOf(0.3)).toBe(3); // 0.3 * 10 is 2.9999… in floating point
  });
});

describe("profile input", () => {
  it("accepts the documented body (docs/api.md) and defaults missing lists", () => {
    const parsed = profileInputSchema.parse({ subjectId: "c-1", region: "US-CA" });
    expect(parsed).toEqual({ subjectId: "c-1", region: "US-CA", identifiers: {}, attributes: [] });
  });
  it("refuses unknown groups, bad regions and attribute names", () => {
    for (const bad of [
      {
        subjectId: "c",
        region: "DE",
        attributes: [{ group: "contact", name: "x", value: "a\u0000b" }],
      },
      {
        subjectId: "c",
        region: "DE",
        attributes: [{ group: "contact", name: "x", value: "\ud800" }],
      },
      { subjectId: "c", region: "DE", identifiers: { email: "\udc00x" } },
      { subjectId: "cust 1", region: "DE" },
      { subjectId: "c", region: "california" },
      { subjectId: "c", region: "DE", attributes: [{ group: "hobbies", name: "x", value: "y" }] },
      {
        subjectId: "c",
        region: "DE",
        attributes: [{ group: "contact", name: "E Mail", value: "y" }],
      },
      { subjectId: "", region: "DE" },
    ])
      expect(profileInputSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
