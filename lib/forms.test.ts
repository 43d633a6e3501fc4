import { describe, expect, it } from "vitest";
import { textFields } from "./forms";

describe("textFields", () => {
  it("reads the named fields as text, empty when absent or a file", () => {
    const form = new FormData();
    form.set("name", "  Jane ");
    form.set("logo", new File(["x"], "logo.png"));
    form.append("tag", "first");
    form.append("tag", "second");
    expect(textFields(form, "name", "logo", "missing", "tag")).toEqual({
      name: "  Jane ",
      logo: "",
      missing: "",
      tag: "first",
    });
  });
});
