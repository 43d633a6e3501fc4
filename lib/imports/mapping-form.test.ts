import { describe, expect, it } from "vitest";
import { mappingConflicts, mappingFromForm } from "./mapping-form";
import { inEnglish } from "./said";

const form = (choices: Record<string, string>) => new URLSearchParams(choices);

describe("the import page's column mapping", () => {
  const header = ["subjectId", "", "Zweck", "action"];

  it("maps each chosen column by its name", () => {
    const chosen = form({ c0: "subjectId", c1: "", c2: "purpose", c3: "action" });
    expect(mappingFromForm(chosen, header)).toEqual({
      subjectId: "subjectId",
      purpose: "Zweck",
      action: "action",
    });
    expect(mappingConflicts(chosen, header)).toEqual([]);
  });

  it("says which field was chosen for a column without a name, instead of dropping it", () => {
    const chosen = form({ c0: "subjectId", c1: "purpose", c2: "", c3: "action" });
    const problems = mappingConflicts(chosen, header);
    expect(problems.map(inEnglish)).toEqual([
      '"purpose" is chosen for column 2, which has no name in the header row: a mapping names ' +
        "its columns, so name it in the file and upload it again",
    ]);
  });

  it("says which field was chosen for two columns", () => {
    const chosen = form({ c0: "subjectId", c2: "action", c3: "action" });
    expect(mappingConflicts(chosen, header).map(inEnglish)).toEqual([
      '"action" is chosen for two columns: "Zweck" and "action"',
    ]);
  });
});
