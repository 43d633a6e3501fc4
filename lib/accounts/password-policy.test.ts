import { describe, expect, it } from "vitest";
import { passwordIssues } from "./password-policy";

const messages = (password: string, context = {}) =>
  passwordIssues(password, context).map((issue) => issue.message);

describe("passwordIssues", () => {
  it("refuses fewer than 12 characters, whatever they are", () => {
    expect(messages("Xq7#vL2!pR")).toEqual(["validation.passwordTooShort"]);
  });

  it("refuses long but guessable passwords and says why", () => {
    expect(messages("password1234")).toEqual(["validation.passwordCommon"]);
    expect(messages("qwertyuiopasdf")).toEqual(["validation.passwordCommon"]);
    expect(messages("zxcvbnm,./asdf")).toEqual(["validation.passwordPattern"]);
    expect(messages("aaaaaaaaaaaaaaaa")).toEqual(["validation.passwordRepeat"]);
  });

  it("counts the user's own name and email as guessable", () => {
    expect(messages("priyaprivacy", { email: "priya.privacy@example.com", name: "Priya" })).toEqual(
      ["validation.passwordPersonal"],
    );
    expect(messages("firstparty-demo")).toEqual(["validation.passwordPersonal"]);
  });

  it("accepts a passphrase of unrelated words and a long random string", () => {
    expect(messages("copper kettle violet harbour")).toEqual([]);
    expect(messages("t9Vw-q2Lx-8RmZ-c4Ke")).toEqual([]);
  });

  it("names the field the issue belongs to", () => {
    expect(passwordIssues("short", {}, "password")).toEqual([
      { path: "password", message: "validation.passwordTooShort" },
    ]);
  });
});
