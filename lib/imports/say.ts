/**
 * What a translator of the `importMessages` catalog is given to say a `Said`, in any language:
 * its key and values, checked against each other where it was made (`said` in ./said). Apart
 * from ./said so that client components take this without the English catalog.
 */
import type { Said } from "./said";

export const sayArgs = (s: Said) => [s.key as "emptyFile", s.values as undefined] as const;
