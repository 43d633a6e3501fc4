import "server-only";
import { getTranslations } from "next-intl/server";
import type { RowReason, Said } from "@/lib/imports/said";
import { validationSayer } from "@/lib/forms";
import { sayArgs } from "@/lib/imports/say";

/**
 * What the imports and the Segment source say (a file's problems, a row's or a message's
 * reasons) in the reader's language: catalog sentences, validation keys, and English text the
 * schemas give without a key as it is.
 */
export async function importSayers() {
  const ti = await getTranslations("importMessages");
  const validation = await validationSayer();
  const say = (s: Said) => ti(...sayArgs(s));
  const reason = (r: RowReason) => {
    const text = "said" in r ? say(r.said) : validation(r.message);
    return r.field ? `${r.field}: ${text}` : text;
  };
  return { say, reason };
}
