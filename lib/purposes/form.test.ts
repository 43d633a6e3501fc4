import { describe, expect, it } from "vitest";
import { purposeDifferences, purposeFormFields, purposeInputFromForm } from "./form";

describe("the purpose form's fields", () => {
  it("are the fields the form submits, so a conflict can compare every one of them", () => {
    const submitted = Object.keys(purposeInputFromForm(new FormData()));
    expect([...purposeFormFields].sort()).toEqual(submitted.sort());
  });

  it("differ from a saved version only where the editor's input does", () => {
    const form = new FormData();
    form.set("name", "Newsletter ");
    form.set("retentionDays", "30");
    form.append("tcfPurposes", "3");
    form.append("tcfPurposes", "1");
    const saved = {
      name: "Newsletter",
      retentionDays: 30,
      tcfPurposes: [1, 3, 4],
      involvesSale: false,
      involvesSensitiveData: false,
      nameDe: "x",
    };
    expect(purposeDifferences(saved, purposeInputFromForm(form))).toEqual(["tcfPurposes"]);
  });
});
