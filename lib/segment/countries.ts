/**
 * A country as senders write it, to its ISO 3166-1 alpha-2 code: a two- or three-letter code
 * (`de`, `DE`, `DEU`: the alpha-3 codes as i18n-iso-countries keeps them) or the country's name
 * in English or German as the runtime's CLDR data gives it ("Italy", "Italien", "United
 * States"), regardless of case and accents. Segment's own location data and many CRMs
 * send names; the app stores codes.
 */

import isoCountries from "i18n-iso-countries";
import { UNKNOWN_REGION } from "@/lib/profiles/schema";
import { currentRegion } from "@/lib/regions";

/** Names in common use that CLDR spells otherwise. */
const ALIASES: Record<string, string> = {
  usa: "US",
  "united states of america": "US",
  "great britain": "GB",
  england: "GB",
};

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z]+/g, " ")
    .trim();

/** Codes with a name that are no country: unions, the UN, "Outlying Oceania", unknown. */
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "QO", UNKNOWN_REGION]);

let byName: Map<string, string> | undefined;

function names(): Map<string, string> {
  if (byName) return byName;
  byName = new Map(Object.entries(ALIASES));
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (const locale of ["en", "de"]) {
    const display = new Intl.DisplayNames([locale], { type: "region", fallback: "none" });
    for (const a of letters)
      for (const b of letters) {
        const code = currentRegion(a + b);
        const name = display.of(a + b);
        if (name && !NOT_COUNTRIES.has(code) && !byName.has(fold(name)))
          byName.set(fold(name), code);
      }
  }
  return byName;
}

/** The country's two-letter code, or undefined when `text` names none. */
export function countryCodeOf(text: string): string | undefined {
  const trimmed = text.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) return currentRegion(trimmed.toUpperCase());
  if (/^[A-Za-z]{3}$/.test(trimmed)) {
    const code = isoCountries.alpha3ToAlpha2(trimmed.toUpperCase());
    if (code) return currentRegion(code);
  }
  return names().get(fold(trimmed));
}
