import { describe, expect, it } from "vitest";
import { z } from "zod";
import { NotFoundError } from "./errors";
import { attempt, textFields } from "./forms";

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

describe("attempt", () => {
  it("turns a thing no longer there (or a forged id) into the form's error, not an error page", async () => {
    const gone = await attempt(() => Promise.reject(new NotFoundError("No user with this id")));
    expect(gone.failed).toEqual({
      status: "error",
      fieldErrors: { form: ["validation.notFound"] },
    });
    const forged = await attempt(() =>
      Promise.resolve(z.object({ userId: z.uuid("validation.notFound") }).parse({ userId: "x" })),
    );
    expect(forged.failed).toEqual({
      status: "error",
      fieldErrors: { userId: ["validation.notFound"] },
    });
    // Anything else is still thrown.
    await expect(attempt(() => Promise.reject(new Error("disk full")))).rejects.toThrow(
      "disk full",
    );
  });
});
