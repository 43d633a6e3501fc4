/**
 * Identifiers as they are compared: the same customer writes "Ada@Example.com " in one form and
 * "ada@example.com" in another, "030 1234567" here and "+49 30 1234567" there. Normalized values
 * are what a search (and matching) compares; the value as received is kept beside them.
 */
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

/** The country of a region code (`DE`, `US-CA` → `US`), as a phone number's default country. */
function countryOf(region: string | null | undefined): CountryCode | undefined {
  const country = region?.split("-")[0]?.toUpperCase();
  return country && /^[A-Z]{2}$/.test(country) ? (country as CountryCode) : undefined;
}

/**
 * A phone number in E.164 (`+493012345678`), read in the customer's region when it has no
 * country code; null when it is not a valid number there (kept as given, never matched). A
 * number written with the international prefix most of the world dials (`0049 30 1234567`) is
 * read as international where the region's own prefix is another (the US's 011) or unknown.
 */
export function normalizePhone(value: string, region?: string | null): string | null {
  const text = value.trim();
  const number = parsePhoneNumberFromString(text, countryOf(region));
  if (number?.isValid()) return number.number;
  if (!/^00[1-9]/.test(text)) return null;
  const international = parsePhoneNumberFromString(`+${text.slice(2)}`);
  return international?.isValid() ? international.number : null;
}

/** Characters that show as nothing: a pasted address may carry them unseen. */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;

/**
 * An e-mail address trimmed and lower-cased, its letters in one Unicode form (an "ü" typed as
 * one character or as "u" and a combining mark) and without invisible characters; null when it
 * is not one.
 */
export function normalizeEmail(value: string): string | null {
  const email = value.normalize("NFC").replace(INVISIBLE, "").trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
}

/**
 * The value an identifier is compared by: e-mail and phone as above, any other type as given
 * (trimmed). Null when the value cannot be compared (an invalid number, an empty value).
 */
export function normalizeIdentifier(
  type: string,
  value: string,
  region?: string | null,
): string | null {
  if (type === "email") return normalizeEmail(value);
  if (type === "phone") return normalizePhone(value, region);
  return value.trim() || null;
}

/**
 * What a person typed into a customer search, as the normalized values it could stand for:
 * an e-mail address; a phone number (international, or national in any of `regions`); and the
 * text itself, for any other identifier type. Each candidate names the types it is compared with.
 */
export function searchCandidates(
  query: string,
  regions: readonly string[],
): { email: string | null; phones: string[]; text: string } {
  const text = query.trim();
  const email = text.includes("@") ? normalizeEmail(text) : null;
  const phones = new Set<string>();
  // Digits, spaces and the usual separators only: "LOY123" is not a phone number.
  if (/^\+?[\d\s()./-]{4,}$/.test(text)) {
    const international = normalizePhone(text.replace(/^00/, "+"));
    if (international) phones.add(international);
    if (!text.startsWith("+") && !text.startsWith("00")) {
      for (const region of new Set(regions.map((r) => countryOf(r)).filter(Boolean))) {
        const national = normalizePhone(text, region);
        if (national) phones.add(national);
      }
    }
  }
  return { email, phones: [...phones].sort(), text };
}
