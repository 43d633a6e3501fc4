/**
 * Owns the exclusive lock on an embedded (PGlite) data folder. PGlite is one process only: two
 * processes opening the same folder both succeed and silently lose writes, so whoever opens the
 * folder first writes `<folder>.lock` (O_EXCL) with its pid, and every later opener is refused
 * with a message naming the folder and the holder, before it touches a single file. A lock left
 * by a process that no longer exists (SIGKILL, power loss) is taken over.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type LockHolder = { pid: number; hostname: string; command: string; startedAt: string };

export class DatabaseLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database at ${dir} is in use by process ${holder.pid} (${holder.command}, since ${holder.startedAt}). ` +
        `PGlite allows one process per folder: stop that process first (for seeding, stop the server and run the script again), ` +
        `or point DATABASE_URL at a PostgreSQL server to share one database between processes.`,
    );
    this.name = "DatabaseLockedError";
  }
}

export function lockPathFor(dir: string): string {
  return `${path.resolve(dir)}.lock`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(lockPath: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockPath, "utf8")) as LockHolder;
  } catch {
    return undefined;
  }
}

const held = new Set<string>();

/** Takes the lock for `dir` or throws DatabaseLockedError. Re-entrant within one process. */
export function acquireDirLock(dir: string): () => void {
  const lockPath = lockPathFor(dir);
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  const me: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    command:
      process.argv
        .slice(1, 3)
        .map((a) => path.basename(a))
        .join(" ") || "node",
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: "wx", mode: 0o600 });
      held.add(lockPath);
      const release = () => {
        if (!held.delete(lockPath)) return;
        const current = readHolder(lockPath);
        if (current?.pid === process.pid) fs.rmSync(lockPath, { force: true });
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(lockPath);
      if (holder && holder.pid === process.pid && holder.hostname === me.hostname) {
        return () => {}; // this process already holds it (the module was loaded twice)
      }
      if (holder && (holder.hostname !== me.hostname || isAlive(holder.pid))) {
        throw new DatabaseLockedError(path.resolve(dir), holder);
      }
      // Stale (its process is gone) or half-written: remove it and try again.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(
    `Could not take the lock ${lockPath}; remove it if no Firstparty process is running.`,
  );
}
