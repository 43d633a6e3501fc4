/**
 * Owns the exclusive lock on an embedded (PGlite) data folder. PGlite is one process only: two
 * processes opening the same folder both succeed and silently lose writes, so whoever opens the
 * folder first writes `<folder>.lock` (O_EXCL) with its pid, and every later opener is refused
 * with a message naming the folder and the holder, before it touches a single file.
 *
 * The holder marks the lock as in use every LOCK_REFRESH_MS (its modification time). A lock left
 * behind is taken over: at once when its process no longer exists on this host (SIGKILL, power
 * loss); on this host, when nobody has marked it for LOCK_STALE_MS and the process with its pid
 * started after it was written (in a container pids repeat); and a lock of another host once
 * nobody has marked it for LOCK_STALE_MS (a container started again after a crash has a new host
 * name, so the old pid says nothing there).
 */
import { randomBytes } from "node:crypto";
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
      `The embedded database at ${dir} is in use by process ${holder.pid}${holder.hostname === os.hostname() ? "" : ` on ${holder.hostname}`} (${holder.command}, since ${holder.startedAt}). ` +
        `PGlite allows one process per folder: stop that process first (for seeding, stop the server and run the script again), ` +
        `or point DATABASE_URL at a PostgreSQL server to share one database between processes. ` +
        `A lock its process stopped marking as in use is taken over after ${LOCK_STALE_MS / 1000} s.`,
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

/** How often a holder marks its lock as in use. */
export const LOCK_REFRESH_MS = 10_000;
/** A lock nobody marked for this long has no holder any more. */
export const LOCK_STALE_MS = 60_000;

/**
 * The locks this process holds, by lock file. On globalThis: Next.js may load this module more
 * than once in one process, and each copy must know the others' locks.
 */
const held: Map<string, LockHolder> = ((
  globalThis as unknown as { firstpartyDirLocks?: Map<string, LockHolder> }
).firstpartyDirLocks ??= new Map());

/** Whether the lock file was written or marked as in use within the last `ms`. */
function markedWithin(lockPath: string, ms: number): boolean {
  try {
    return Date.now() - fs.statSync(lockPath).mtimeMs < ms;
  } catch {
    return false;
  }
}

/**
 * Whether the process `pid` of this host started after `moment`, so it cannot have written a
 * lock then: read from /proc (Linux). False where that cannot be read, so the lock stays held.
 */
function startedAfter(pid: number, moment: string): boolean {
  const written = Date.parse(moment);
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // After the command's name in parentheses come the fields from the 3rd on; the 22nd is the
    // start, in clock ticks (100 a second on Linux) since the machine booted.
    const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
    const boot = Number(/^btime (\d+)$/m.exec(fs.readFileSync("/proc/stat", "utf8"))?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(boot) || Number.isNaN(written)) return false;
    // A second's margin: the holder writes its lock just after it starts.
    return (boot + ticks / 100) * 1000 > written + 1_000;
  } catch {
    return false;
  }
}

/**
 * Removes a stale lock, unless another opener replaced it after it was judged stale: it is moved
 * aside first (one rename: of two openers, one moves it), and only the lock judged is deleted;
 * another's is put back (a hard link, which never replaces a file).
 */
function removeIfStill(lockPath: string, judged: LockHolder | undefined): void {
  const aside = `${lockPath}.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // gone already
    throw error;
  }
  const moved = readHolder(aside);
  if (judged === undefined ? moved === undefined : sameHolder(moved, judged)) {
    fs.rmSync(aside, { force: true });
    return;
  }
  try {
    fs.linkSync(aside, lockPath);
  } catch {
    throw new Error(
      `Several processes are opening the embedded database ${lockPath.replace(/\.lock$/, "")} at once; start one at a time.`,
    );
  }
  fs.rmSync(aside, { force: true });
}

const sameHolder = (a: LockHolder | undefined, b: LockHolder) =>
  a?.pid === b.pid && a.hostname === b.hostname && a.startedAt === b.startedAt;

/**
 * Marks the lock as in use until it is released, for as long as it is still `me`'s; when another
 * process has taken it over, calls `onLost` (by default the process ends at once: two processes
 * writing one folder would corrupt it, and closing the database would write to it once more).
 */
function keepMarked(lockPath: string, me: LockHolder, onLost: () => void): () => void {
  const timer = setInterval(() => {
    const holder = readHolder(lockPath);
    // Unreadable this moment (a read error, a file being written): asked again next round. Only
    // another holder named in it means another process has it.
    if (holder !== undefined && !sameHolder(holder, me)) {
      clearInterval(timer);
      console.error(
        `The lock ${lockPath} is no longer this process's: another process took it over after this one did not mark it for ${LOCK_STALE_MS / 1000} s. This process stops now, writing nothing more to the database.`,
      );
      onLost();
      return;
    }
    const now = new Date();
    try {
      fs.utimesSync(lockPath, now, now);
    } catch {
      // Gone meanwhile: the next round says so.
    }
  }, LOCK_REFRESH_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Takes the lock for `dir` or throws DatabaseLockedError. Re-entrant within one process. */
export function acquireDirLock(
  dir: string,
  { onLost = () => process.exit(1) }: { onLost?: () => void } = {},
): () => void {
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
  if (held.has(lockPath)) return () => {}; // this process holds it already
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: "wx", mode: 0o600 });
      held.set(lockPath, me);
      const stopMarking = keepMarked(lockPath, me, onLost);
      const release = () => {
        if (held.get(lockPath) !== me) return;
        held.delete(lockPath);
        stopMarking();
        if (sameHolder(readHolder(lockPath), me)) fs.rmSync(lockPath, { force: true });
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(lockPath);
      // Another process's, in use: on this host while its process lives (a holder that stopped
      // marking it, busy or paused, still holds it; a process that started after the lock was
      // written only has the pid again), elsewhere while it is marked. This process's own pid
      // in it is a former process of the same pid.
      const inUse =
        holder !== undefined &&
        (holder.hostname === me.hostname
          ? holder.pid !== process.pid &&
            isAlive(holder.pid) &&
            (markedWithin(lockPath, LOCK_STALE_MS) || !startedAfter(holder.pid, holder.startedAt))
          : markedWithin(lockPath, LOCK_STALE_MS));
      if (inUse) throw new DatabaseLockedError(path.resolve(dir), holder);
      // Not yet written: another process is taking it this very moment.
      if (holder === undefined && markedWithin(lockPath, 5_000)) {
        throw new Error(
          `Another process is opening the embedded database at ${path.resolve(dir)} right now; start one at a time.`,
        );
      }
      // Stale (its process is gone, or nobody marks it) or half-written long ago: remove it, if
      // it is still the one judged so (another opener may have taken it over meanwhile), and
      // try again.
      removeIfStill(lockPath, holder);
    }
  }
  throw new Error(
    `Could not take the lock ${lockPath}; remove it if no Firstparty process is running.`,
  );
}
