/**
 * Synthetic customers and their consent decisions, from a seeded PRNG (same seed, same data).
 * Rates differ by purpose and region (EU customers refuse partner retargeting more often;
 * Californians send Global Privacy Control more often, and GPC means "no" to sale/sharing);
 * some grants are later withdrawn; events are sent in shuffled order, so many arrive late.
 */
import type { ConsentEventInput } from "@/lib/consent/schema";

/** A consent event as the ingest API takes it, always with its GPC flag and notice version. */
export type SyntheticEvent = ConsentEventInput & { gpc: boolean; noticeVersion: string };

/** mulberry32: small, fast, good enough for demo data; not for anything secret. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, weighted: readonly (readonly [T, number])[]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [value, weight] of weighted) {
    r -= weight;
    if (r <= 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}

export const syntheticRegions = [
  ["DE", 22],
  ["FR", 10],
  ["GB", 10],
  ["NL", 5],
  ["US-CA", 18],
  ["US-NY", 9],
  ["US-TX", 9],
  ["BR", 7],
  ["IN", 5],
  ["AU", 5],
  // States whose laws take effect in the next two years, and one without a law yet, so the
  // coverage outlook on /laws has something to show.
  ["US-OK", 2],
  ["US-VT", 2],
  ["US-MA", 3],
] as const;

/** Base grant probability per purpose key (the consent-based ones customers answer). */
const purposeGrant: Record<
  string,
  { base: number; reach: number; source: string; saleOrSharing?: boolean }
> = {
  newsletter: { base: 0.62, reach: 0.7, source: "preference-center" },
  "personalized-recommendations": { base: 0.55, reach: 0.55, source: "web-shop" },
  "retargeting-partners": { base: 0.32, reach: 0.6, source: "web-shop", saleOrSharing: true },
  "sales-follow-up-calls": { base: 0.41, reach: 0.2, source: "crm" },
  "service-call-recordings": { base: 0.71, reach: 0.15, source: "call-center" },
  "product-analytics": { base: 0.58, reach: 0.75, source: "mobile-app" },
};

const isEu = (region: string) => ["DE", "FR", "NL"].includes(region);

export function generateConsentEvents(
  subjects: number,
  options: { seed?: number; end?: Date; firstSubject?: number; shuffle?: boolean } = {},
): SyntheticEvent[] {
  const random = prng(options.seed ?? 42);
  const end = (options.end ?? new Date("2026-11-25T00:00:00Z")).getTime();
  const start = end - 720 * 24 * 3600 * 1000;
  const events: SyntheticEvent[] = [];
  const first = options.firstSubject ?? 1;
  for (let s = first; s < first + subjects; s++) {
    const subjectId = `cust-${String(s).padStart(7, "0")}`;
    const region = pick(random, syntheticRegions);
    const gpcUser = region.startsWith("US-CA")
      ? random() < 0.22
      : region.startsWith("US")
        ? random() < 0.08
        : random() < 0.03;
    let n = 0;
    for (const [purpose, p] of Object.entries(purposeGrant)) {
      if (random() > p.reach) continue;
      const channel = pick(random, [
        ["web", 50],
        ["app", 25],
        ["email", 10],
        ["store", 8],
        ["call_center", 5],
        ["other", 2],
      ] as const);
      let probability = p.base + (isEu(region) ? -0.08 : 0.04) + (region === "GB" ? -0.03 : 0);
      const gpc = gpcUser && (channel === "web" || channel === "app");
      if (gpc && p.saleOrSharing) probability = 0.02;
      const at = start + random() * (end - start);
      const granted = random() < probability;
      const base = {
        subjectId,
        purpose,
        channel,
        region,
        gpc,
        noticeVersion: at > end - 200 * 86400000 ? "2026-05" : "2025-01",
        source: p.source,
      };
      events.push({
        ...base,
        eventId: `${subjectId}-${++n}`,
        action: granted ? "grant" : "deny",
        occurredAt: new Date(at).toISOString(),
      });
      // Some change their mind later: withdraw a grant, or grant after a refusal.
      const changeOfMind = granted ? random() < 0.12 : random() < 0.06;
      if (changeOfMind) {
        const later = at + random() * (end - at);
        events.push({
          ...base,
          eventId: `${subjectId}-${++n}`,
          action: granted ? "withdraw" : "grant",
          occurredAt: new Date(later).toISOString(),
          ...(granted ? {} : { gpc: false }),
        });
      }
    }
  }
  // Shuffle: systems deliver late and out of order.
  if (options.shuffle === false) return events;
  for (let i = events.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [events[i], events[j]] = [events[j]!, events[i]!];
  }
  return events;
}
