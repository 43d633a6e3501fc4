/**
 * Synthetic customer profiles for the demo, from a seeded PRNG. Shaped after what the seed
 * material describes: most profiles are partial (few companies have a 360° view — about one in
 * seven here), contact and transaction data are first-party, demographics mostly come from a
 * data broker, preferences from the preference centre and quizzes (zero-party) or partners.
 */
import { prng } from "./consent";

type Attribute = { group: string; name: string; value: string; source: string };
export type SyntheticProfile = {
  subjectId: string;
  region: string;
  identifiers: Record<string, string>;
  attributes: Attribute[];
};

/** US area codes for the demo's phone numbers (each with 555-0100 to 555-0199, kept for fiction). */
const AREA_CODES = [
  201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216, 217, 218, 219, 224, 225,
  228, 229, 231, 234, 239, 240, 248, 251, 252, 253, 254,
];

/**
 * A valid, fictional phone number for demo customer n: 555-01xx numbers are set aside for
 * fiction in North America, so 3,000 customers get distinct numbers no one answers.
 */
export function demoPhone(n: number): string {
  const area = AREA_CODES[Math.floor(n / 100) % AREA_CODES.length]!;
  return `+1 ${area} 555 01${String(n % 100).padStart(2, "0")}`;
}

export function generateProfiles(
  regions: ReadonlyMap<string, string>,
  options: { seed?: number } = {},
): SyntheticProfile[] {
  const random = prng(options.seed ?? 7);
  const chance = (p: number) => random() < p;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const out: SyntheticProfile[] = [];
  for (const [subjectId, region] of [...regions].sort(([a], [b]) => a.localeCompare(b))) {
    const n = subjectId.replace(/\D/g, "");
    const identifiers: Record<string, string> = {};
    if (chance(0.62)) identifiers.email = `${subjectId}@example.com`;
    if (chance(0.45)) identifiers.device_id = `dev-${n}`;
    if (chance(0.22)) identifiers.loyalty_id = `LOY${n}`;
    if (chance(0.2)) identifiers.phone = demoPhone(Number(n));
    const attributes: Attribute[] = [];
    const add = (group: string, name: string, value: string, source: string) =>
      attributes.push({ group, name, value, source });
    if (chance(0.85)) {
      const source = chance(0.7) ? "crm" : "web-shop";
      add("identity", "first_name", pick(["Ada", "Lin", "Omar", "Sofia", "Ken", "Priya"]), source);
      if (chance(0.9))
        add("identity", "last_name", pick(["Lovelace", "Okafor", "Meyer", "Rossi"]), source);
    }
    if (chance(0.9)) {
      if (identifiers.email || chance(0.5))
        add(
          "contact",
          "email",
          `${subjectId}@example.com`,
          chance(0.9) ? "web-shop" : "address-enrichment",
        );
      if (chance(0.35))
        add("contact", "phone", demoPhone(Number(n)), chance(0.7) ? "crm" : "address-enrichment");
      if (chance(0.5))
        add(
          "contact",
          "postal_address",
          `${n} Main St`,
          chance(0.5) ? "store-pos" : "address-enrichment",
        );
    }
    if (chance(0.6)) {
      const broker = () => (chance(0.7) ? "demographics-broker" : "wellness-survey");
      if (chance(0.8))
        add("demographics", "birth_year", String(1950 + Math.floor(random() * 55)), broker());
      if (chance(0.6))
        add(
          "demographics",
          "household_size",
          String(1 + Math.floor(random() * 5)),
          "demographics-broker",
        );
      if (chance(0.4)) add("demographics", "gender", pick(["f", "m", "x"]), broker());
    }
    if (chance(0.52)) {
      if (chance(0.7))
        add("preferences", "preferred_channel", pick(["email", "app", "sms"]), "preference-center");
      if (chance(0.6)) {
        const source = pick(["style-quiz", "style-quiz", "retail-partner", "intent-data-vendor"]);
        add("preferences", "interests", pick(["running", "cooking", "travel", "gaming"]), source);
      }
      if (!attributes.some((a) => a.group === "preferences"))
        add("preferences", "preferred_channel", "email", "preference-center");
    }
    if (chance(0.75)) {
      const source = chance(0.9) ? pick(["web-shop", "store-pos"]) : "airline-partner";
      add(
        "transactions",
        "last_purchase_at",
        `2026-${String(1 + Math.floor(random() * 11)).padStart(2, "0")}-15`,
        source,
      );
      add("transactions", "order_count", String(1 + Math.floor(random() * 20)), source);
      if (chance(0.7))
        add("transactions", "lifetime_value", String(Math.round(random() * 2000)), source);
    }
    out.push({ subjectId, region, identifiers, attributes });
  }
  sameCustomers(out, prng((options.seed ?? 7) + 1));
  return out;
}

/** A household's landline, outside the numbers demoPhone hands out. */
export const HOUSEHOLD_PHONE = "+1 303 555 0100";

/**
 * The same customer met twice, as identity resolution finds them: about one profile in ten
 * carries another's e-mail address (in other capitals) or loyalty id, and seven profiles share
 * one household phone number, too many to join anyone. Drawn from a PRNG of its own, so every
 * other demo figure stays as it was.
 */
function sameCustomers(profiles: SyntheticProfile[], random: () => number): void {
  for (let i = 1; i < profiles.length; i++) {
    if (random() >= 0.1) continue;
    const other = profiles[Math.floor(random() * i)]!;
    const self = profiles[i]!;
    if (other.identifiers.email)
      self.identifiers.email = ` ${other.identifiers.email.toUpperCase()}`;
    else if (other.identifiers.loyalty_id)
      self.identifiers.loyalty_id = other.identifiers.loyalty_id;
  }
  if (profiles.length < 50) return;
  for (let k = 0; k < 7; k++)
    profiles[(k * 131 + 17) % profiles.length]!.identifiers.phone = HOUSEHOLD_PHONE;
}
