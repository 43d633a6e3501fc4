/**
 * The embedded data folder holds every customer's consent history: only its owner may enter it.
 * openDatabase creates it (and its parent when it creates that) with mode 0700, and at every
 * start takes away any permission group or others have, saying so.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { testDriver } from "@/tests/database";
import { openDatabase } from "./connect";

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));
afterEach(() => vi.restoreAllMocks());

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe.runIf(testDriver === "pglite")("embedded data folder permissions", () => {
  it("creates the folder and the parent it creates with mode 0700", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "fp-mode-"));
    roots.push(root);
    fs.chmodSync(root, 0o755); // a parent that exists is the owner's business: left as it is
    const dir = path.join(root, ".data", "pglite");
    const handle = await openDatabase({ driver: "pglite", dir });
    await handle.close();
    expect(mode(dir).toString(8)).toBe("700");
    expect(mode(path.join(root, ".data")).toString(8)).toBe("700");
    expect(mode(root).toString(8)).toBe("755");
  }, 60_000);

  it("takes group and other permissions away at start-up and logs a warning naming the folder", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "fp-mode-"));
    roots.push(root);
    const dir = path.join(root, "pglite");
    await (await openDatabase({ driver: "pglite", dir })).close();

    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await (await openDatabase({ driver: "pglite", dir })).close();
    expect(warn).not.toHaveBeenCalled(); // 0700 already: nothing to say

    for (const loose of [0o755, 0o701, 0o770]) {
      fs.chmodSync(dir, loose);
      const handle = await openDatabase({ driver: "pglite", dir });
      expect(mode(dir).toString(8)).toBe("700");
      await handle.close();
      expect(warn).toHaveBeenLastCalledWith(
        expect.stringContaining(`${dir} was open to other users (mode ${loose.toString(8)})`),
      );
    }
    expect(warn).toHaveBeenCalledTimes(3);
  }, 120_000);
});
