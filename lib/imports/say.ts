/**
 * What a translator of the `importMessages` catalog is given to say a `Said`, in any language:
 * its key and values, checked against each other where it was made (`said` in ./said). Apart
 * from ./said so that client components take this without the English catalog.
 */
import type { Said } from "./said";

// A stopped job's message kept by an instance older than its kind (`cause`) says the database's
// words, as migration 0029 makes the stored ones say; other messages take no `cause`.
export const sayArgs = (s: Said) =>
  [
    s.key as "emptyFile",
    (s.values ? { cause: "other", ...s.values } : s.values) as undefined,
  ] as const;
