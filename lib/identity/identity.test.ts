import { describe, expect, it } from "vitest";
import { maskValue } from "./person";
import { Components, links, personAttributes } from "./resolve";

describe("components", () => {
  it("joins chains and names each set by its smallest member, whatever the order of unions", () => {
    const a = new Components();
    a.union(["c", "d"]);
    a.union(["e", "b"]);
    a.union(["d", "e"]);
    a.add("z");
    expect(Object.fromEntries(a.assignment())).toEqual({
      b: "b",
      c: "b",
      d: "b",
      e: "b",
      z: "z",
    });
    const b = new Components();
    b.union(["d", "e"]);
    b.union(["b", "e"]);
    b.union(["c", "d"]);
    expect(b.assignment().get("c")).toBe("b");
  });

  it("uses a value that at least two and at most the maximum profiles share", () => {
    const config = { types: ["email"], maxProfiles: 5 };
    expect([1, 2, 5, 6].map((n) => links(n, config, "email"))).toEqual([false, true, true, false]);
  });

  it("uses a user id however many profiles share it: it names one customer", () => {
    const config = { types: ["email", "user_id"], maxProfiles: 5 };
    expect([1, 2, 6, 500].map((n) => links(n, config, "user_id"))).toEqual([
      false,
      true,
      true,
      true,
    ]);
  });
});

describe("a person's attributes", () => {
  it("keeps each attribute once, under the best party that supplied it", () => {
    expect(
      personAttributes([
        { group: "demographics", name: "birth_year", party: "third" },
        { group: "identity", name: "first_name", party: null },
        { group: "demographics", name: "birth_year", party: "first" },
        { group: "identity", name: "first_name", party: "second" },
      ]),
    ).toEqual([
      ["demographics", "birth_year", "first"],
      ["identity", "first_name", "second"],
    ]);
  });
});

describe("masking", () => {
  it("shows that a value exists, not what it is", () => {
    expect(maskValue("email", "grace.hopper@example.com")).toBe("g•••@e•••.com");
    expect(maskValue("phone", "+493012345671")).toBe("+49•••671");
    expect(maskValue("loyalty_id", "LOY-0042")).toBe("L•••");
    expect(maskValue("email", "a@b")).toBe("a•••@b•••");
    // Nothing of a value's length: a long and a short one look alike.
    expect(maskValue("email", "al@example.com")).toBe(maskValue("email", "alexandra@e.com"));
  });
});
