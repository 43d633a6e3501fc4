/**
 * Region codes as customers' data carries them: an ISO 3166 country (`DE`) or a subdivision of
 * one (`US-CA`), `ZZ` when unknown. Laws' jurisdictions and the dashboards' breakdowns match
 * regions by these codes, so a code replaced since (`UK`: the United Kingdom is `GB`) is stored
 * as the one in use, and a code no country has (`XX`) is refused where data comes in.
 */
import type { z } from "zod";

const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

/** Codes in use outside ISO 3166 for a country it names otherwise: the EU's for Greece. */
const ALIASES: Record<string, string> = { EL: "GR" };

/**
 * The code in use now for a region's country, by the runtime's CLDR data: `UK` → `GB`, `DD` →
 * `DE`, `YU` → `RS`, `UK-ENG` → `GB-ENG`; anything else as it is.
 */
export function currentRegion(region: string): string {
  const match = /^([A-Z]{2})(-.*)?$/.exec(region);
  if (!match) return region;
  const [, country, rest = ""] = match as unknown as [string, string, string?];
  return `${countryAnswer(country).code}${rest}`;
}

/**
 * Each two-letter code's answers, worked out once: the runtime's locale and display-name
 * look-ups cost microseconds each, and every ingested event and profile asks (at most 26 × 26
 * entries).
 */
const inUse = new Map<string, { code: string; named: boolean }>();
function countryAnswer(country: string): { code: string; named: boolean } {
  let answer = inUse.get(country);
  if (!answer) {
    const replaced =
      ALIASES[country] ?? Intl.getCanonicalLocales(`und-${country}`)[0]!.slice(4, 6).toUpperCase();
    answer = {
      code: /^[A-Z]{2}$/.test(replaced) ? replaced : country,
      named: names.of(country) !== undefined,
    };
    inUse.set(country, answer);
  }
  return answer;
}

/** Whether a region's country is one in use now (`DE`, `US-CA`, `XK`, `ZZ`; not `UK` or `XX`). */
export function isRegionInUse(region: string): boolean {
  const country = region.slice(0, 2);
  // Not two capital letters (`de`): none of the codes above; whether the runtime names it decides.
  if (!/^[A-Z]{2}$/.test(country)) return names.of(country) !== undefined;
  const answer = countryAnswer(country);
  return answer.code === country && answer.named;
}

/**
 * A region schema whose codes are stored as in use: a replaced code as the one in use (UK as
 * GB), a code no country has refused with `message`. Values of another form (`EEA`, an empty
 * default) are left to the schema's own checks.
 */
export function inUseRegion(
  schema: z.ZodString,
  message = "validation.regionUnknown",
): z.ZodString {
  return schema
    .overwrite(currentRegion)
    .refine((v) => !/^[A-Z]{2}\b/.test(v) || isRegionInUse(v), message);
}

/**
 * A region already stored or read from a device, as new data may carry it: its code in use
 * now, or `ZZ` (unknown) when it names no country (stored before such codes were refused).
 */
export function storableRegion(region: string): string {
  const current = currentRegion(region);
  return /^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$/.test(current) && isRegionInUse(current) ? current : "ZZ";
}
