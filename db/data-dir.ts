/**
 * The embedded (PGlite) data folder holds every customer's consent history and profile, so only
 * the account that runs Firstparty may enter it: it is created with mode 0700 (its parent too,
 * when Firstparty creates that, as with the default ./.data), and at every start a folder that
 * group or others can read, write or enter is set back to 0700 with a warning naming it. A parent
 * that already exists is left alone: it may be any folder its owner chose.
 */
import fs from "node:fs";
import path from "node:path";

const OWNER_ONLY = 0o700;

/** Creates the parent folder of `dir` owner-only when it does not exist yet. */
export function ensureDataParent(dir: string): void {
  fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true, mode: OWNER_ONLY });
}

/** Creates `dir` owner-only, or makes an existing one owner-only again, warning when it was not. */
export function secureDataDir(
  dir: string,
  warn: (message: string) => void = (m) => console.warn(m),
): void {
  const folder = path.resolve(dir);
  ensureDataParent(folder);
  if (!fs.existsSync(folder)) {
    fs.mkdirSync(folder, { mode: OWNER_ONLY });
    return;
  }
  if (process.platform === "win32") return; // no POSIX modes: access is the ACLs' business
  const mode = fs.statSync(folder).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  fs.chmodSync(folder, OWNER_ONLY);
  warn(
    `The embedded database folder ${folder} was open to other users (mode ${mode.toString(8)}); ` +
      `it is now 0700 (owner only). Check who could read it, and create it owner-only next time.`,
  );
}
