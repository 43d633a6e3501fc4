import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDirLock, DatabaseLockedError, lockPathFor } from "./lock";

const dirs: string[] = [];
function tempDir() {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fp-lock-")), "pglite");
  dirs.push(dir);
  return dir;
}
afterEach(() =>
  dirs.splice(0).forEach((d) => fs.rmSync(path.dirname(d), { recursive: true, force: true })),
);

/** Leaves a lock file on this host for `dir`, as the holder described would have written it. */
function writeLock(dir: string, holder: { pid: number; command: string; startedAt: string }) {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.writeFileSync(
    lockPathFor(dir),
    JSON.stringify({
      pid: holder.pid,
      hostname: os.hostname(),
      command: holder.command,
      startedAt: holder.startedAt,
    }),
  );
}

describe("acquireDirLock", () => {
  it("writes a lock file naming this process and removes it on release", () => {
    const dir = tempDir();
    const release = acquireDirLock(dir);
    const holder = JSON.parse(fs.readFileSync(lockPathFor(dir), "utf8"));
    expect(holder.pid).toBe(process.pid);
    release();
    expect(fs.existsSync(lockPathFor(dir))).toBe(false);
  });

  it("refuses a folder held by another live process, naming the folder and the pid", () => {
    const dir = tempDir();
    // pid 1 is always alive; it stands for "another process".
    writeLock(dir, { pid: 1, command: "next start", startedAt: "2026-11-29T00:00:00Z" });
    expect(() => acquireDirLock(dir)).toThrow(DatabaseLockedError);
    expect(() => acquireDirLock(dir)).toThrow(new RegExp(`${dir}.*process 1 \\(next start`));
    expect(fs.existsSync(dir)).toBe(false); // refused before touching the data folder
  });

  it("takes over a lock left by a process that no longer exists", () => {
    const dir = tempDir();
    writeLock(dir, { pid: 2 ** 22 + 12345, command: "x", startedAt: "" });
    const release = acquireDirLock(dir);
    expect(JSON.parse(fs.readFileSync(lockPathFor(dir), "utf8")).pid).toBe(process.pid);
    release();
  });
});
