import { z } from "zod";

/**
 * The JSON body of a batch endpoint: `{ [field]: [...] }` with 1 to `max` items, each validated
 * afterwards by the caller; `noun` names one item in the messages ("event" → "events").
 */
export function batchSchema<F extends string>(field: F, noun: string, max: number) {
  return z
    .object({
      [field]: z
        .array(z.unknown())
        .min(1, `Send at least one ${noun}`)
        .max(max, `Send at most ${max} ${noun}s per request`),
    } as Record<F, z.ZodArray<z.ZodUnknown>>)
    .strict();
}
