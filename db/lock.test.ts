import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  acquireDirLock,
  DatabaseLockedError,
  LOCK_REFRESH_MS,
  LOCK_STALE_MS,
  lockPathFor,
} from "./lock";

const dirs: string[] = [];
function tempDir() {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fp-lock-")), "pglite");
  dirs.push(dir);
  return dir;
}
afterEach(() =>
  dirs.splice(0).forEach((d) => fs.rmSync(path.dirname(d), { recursive: true, force: true })),
);

/**
 * Leaves a lock file for `dir` as the holder described would have written it (on this host
 * unless it names another), last marked as in use `markedAgoMs` ago.
 */
function writeLock(
  dir: string,
  holder: { pid: number; command: string; startedAt: string; hostname?: string },
  markedAgoMs = 0,
) {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const lockPath = lockPathFor(dir);
  fs.writeFileSync(
    lockPath,
    JSON.stringify({
      pid: holder.pid,
      hostname: holder.hostname ?? os.hostname(),
      command: holder.command,
      startedAt: holder.startedAt,
    }),
  );
  const marked = new Date(Date.now() - markedAgoMs);
  fs.utimesSync(lockPath, marked, marked);
}

const heldBy = (dir: string) => JSON.parse(fs.readFileSync(lockPathFor(dir), "utf8")).pid;

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

  it("refuses a lock of another host while it is marked as in use, and says which host", () => {
    const dir = tempDir();
    const holder = { pid: 7, hostname: "another-host", command: "server.mjs", startedAt: "" };
    writeLock(dir, holder, LOCK_STALE_MS / 2);
    expect(() => acquireDirLock(dir)).toThrow(/process 7 on another-host/);
  });

  it("takes over a lock of another host nobody marked for a minute (a container started again)", () => {
    const dir = tempDir();
    const holder = { pid: 7, hostname: "old-container", command: "server.mjs", startedAt: "" };
    writeLock(dir, holder, LOCK_STALE_MS + 1_000);
    const release = acquireDirLock(dir);
    expect(heldBy(dir)).toBe(process.pid);
    release();
  });

  it("takes over a lock whose pid now belongs to a process started after it (a pid used again)", async () => {
    const dir = tempDir();
    const reused = spawn("sleep", ["30"]);
    try {
      await new Promise((resolve) => reused.once("spawn", resolve));
      const written = new Date(Date.now() - 2 * LOCK_STALE_MS).toISOString();
      writeLock(
        dir,
        { pid: reused.pid!, command: "server.mjs", startedAt: written },
        LOCK_STALE_MS + 1_000,
      );
      const release = acquireDirLock(dir);
      expect(heldBy(dir)).toBe(process.pid);
      release();
    } finally {
      reused.kill();
    }
  });

  it("keeps refusing a lock its live holder stopped marking (busy, paused): two writers lose data", () => {
    const dir = tempDir();
    // pid 1 started before the lock was written: it may be the holder, however long it is silent.
    const written = new Date(Date.now() - 2 * LOCK_STALE_MS).toISOString();
    writeLock(dir, { pid: 1, command: "next start", startedAt: written }, LOCK_STALE_MS + 1_000);
    expect(() => acquireDirLock(dir)).toThrow(DatabaseLockedError);
  });

  it("takes over a lock naming this process's pid that this process does not hold (its former life)", () => {
    const dir = tempDir();
    writeLock(dir, { pid: process.pid, command: "server.mjs", startedAt: "2026-01-01T00:00:00Z" });
    const release = acquireDirLock(dir);
    expect(JSON.parse(fs.readFileSync(lockPathFor(dir), "utf8")).startedAt).not.toBe(
      "2026-01-01T00:00:00Z",
    );
    // Held now: a second open in this process shares it and leaves it to the first.
    acquireDirLock(dir)();
    expect(fs.existsSync(lockPathFor(dir))).toBe(true);
    release();
    expect(fs.existsSync(lockPathFor(dir))).toBe(false);
  });

  it("marks its lock as in use while it holds it, and stops when released", () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    try {
      const dir = tempDir();
      const release = acquireDirLock(dir);
      const lockPath = lockPathFor(dir);
      const markedAgo = () => Date.now() - fs.statSync(lockPath).mtimeMs;
      vi.advanceTimersByTime(LOCK_STALE_MS * 2);
      expect(markedAgo()).toBeLessThan(LOCK_REFRESH_MS + 1_000);
      release();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("stops when another process has taken its lock over, writing nothing more", () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    try {
      const dir = tempDir();
      const onLost = vi.fn();
      const release = acquireDirLock(dir, { onLost });
      vi.advanceTimersByTime(LOCK_REFRESH_MS * 2);
      expect(onLost).not.toHaveBeenCalled();
      // A lock file that cannot be read this moment is no other holder.
      const mine = fs.readFileSync(lockPathFor(dir), "utf8");
      fs.writeFileSync(lockPathFor(dir), "{");
      vi.advanceTimersByTime(LOCK_REFRESH_MS);
      expect(onLost).not.toHaveBeenCalled();
      fs.writeFileSync(lockPathFor(dir), mine);
      // Another host's process judged it stale (this one paused past LOCK_STALE_MS) and took it.
      writeLock(dir, {
        pid: 4242,
        hostname: "other-host",
        command: "server.mjs",
        startedAt: new Date().toISOString(),
      });
      vi.advanceTimersByTime(LOCK_REFRESH_MS);
      expect(onLost).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(LOCK_REFRESH_MS * 3);
      expect(onLost).toHaveBeenCalledTimes(1);
      // Its release leaves the new holder's lock alone.
      release();
      expect(JSON.parse(fs.readFileSync(lockPathFor(dir), "utf8")).hostname).toBe("other-host");
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses a lock another process is writing this very moment, and takes over one half-written long ago", () => {
    const dir = tempDir();
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    const lockPath = lockPathFor(dir);
    fs.writeFileSync(lockPath, ""); // created, its holder not yet written
    expect(() => acquireDirLock(dir)).toThrow(/right now; start one at a time/);
    expect(fs.existsSync(lockPath)).toBe(true);
    const then = new Date(Date.now() - 60_000);
    fs.utimesSync(lockPath, then, then); // left so by a process that died while writing it
    const release = acquireDirLock(dir);
    expect(heldBy(dir)).toBe(process.pid);
    release();
    // Nothing was left beside it.
    expect(fs.readdirSync(path.dirname(dir))).toEqual([]);
  });
});
