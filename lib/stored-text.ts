import { z } from "zod";
import { isStorableText } from "./db-errors";

/**
 * Text a person types that is stored as typed (a name, a note, a customer-facing sentence):
 * trimmed, at most `max` characters, and storable. PostgreSQL refuses a NUL character and a lone
 * surrogate; refused here, the form and the API name the field instead of failing on the write.
 * Line breaks are stored as `\n`: a browser sends a textarea's as CRLF, so text sent back
 * unchanged from a form would otherwise differ from the same text sent through the API (and
 * count two characters a break against `max`).
 */
export const storedText = (max: number) =>
  z
    .string("validation.textRequired")
    .overwrite((text) => text.replace(/\r\n?/g, "\n"))
    .trim()
    .max(max, "validation.tooLong")
    .refine(isStorableText, "validation.unstorableText");

/** The same without trimming, for a value kept exactly as sent (a profile attribute's value). */
export const storedString = (max: number) =>
  z
    .string("validation.textRequired")
    .max(max, "validation.tooLong")
    .refine(isStorableText, "validation.unstorableText");
