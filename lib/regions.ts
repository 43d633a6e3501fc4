/**
 * Whether a region code's country is one in use now, by the runtime's CLDR data: `DE`, `US-CA`,
 * `XK` and `ZZ` (unknown) are; `UK` (the United Kingdom is `GB`), `DD`, `YU` and codes no
 * country has (`XX`) are not. Laws' jurisdictions and the dashboards' breakdowns match regions
 * by these codes, so a customer filed under `UK` would be covered by no law.
 */
const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

export function isRegionInUse(region: string): boolean {
  const country = region.slice(0, 2);
  const canonical = Intl.getCanonicalLocales(`und-${country}`)[0]!.slice(4);
  return canonical === country && names.of(country) !== undefined;
}
