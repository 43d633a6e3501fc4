/**
 * The completeness score, free of the database. Completeness = weighted share of the model's key
 * attributes present; a group is present when any attribute of it is; a 360° profile has all five
 * groups. Each view counts only the attributes it may see (`all`, or one source party).
 */
import type { Party } from "@/lib/sources/schema";
import {
  profileGroups,
  profileViews,
  type CompletenessModel,
  type ProfileGroup,
  type ProfileView,
} from "./schema";

export type PresentAttribute = { group: string; name: string; party: Party | null };
export type ViewScore = { c: number; g: number };
export type Derived = Record<ProfileView, ViewScore>;

export const HISTOGRAM_BUCKETS = 10;

export function completeness(
  present: readonly PresentAttribute[],
  model: Pick<CompletenessModel, "attributes">,
): number {
  const have = new Set(present.map((a) => `${a.group}.${a.name}`));
  const indices: number[] = [];
  model.attributes.forEach((a, i) => {
    if (have.has(`${a.group}.${a.name}`)) indices.push(i);
  });
  return completenessOf(indices, model);
}

/**
 * Completeness from the positions in the model's list of the key attributes present, ascending:
 * the same sum in the same order as `completeness`, for callers that score many sets of
 * attributes at once (the phase-out simulator) and must agree with it to the last digit.
 */
export function completenessOf(
  indices: readonly number[],
  model: Pick<CompletenessModel, "attributes">,
): number {
  const total = model.attributes.reduce((s, a) => s + a.weight, 0);
  if (total <= 0) return 0;
  let got = 0;
  for (const i of indices) got += model.attributes[i]!.weight;
  return Math.round(Math.min(1, got / total) * 1e6) / 1e6;
}

export function groupsPresent(present: readonly PresentAttribute[]): ProfileGroup[] {
  const groups = new Set(present.map((a) => a.group));
  return profileGroups.filter((g) => groups.has(g));
}

export function derive(
  present: readonly PresentAttribute[],
  model: Pick<CompletenessModel, "attributes">,
): Derived {
  const out = {} as Derived;
  for (const view of profileViews) {
    const seen = view === "all" ? present : present.filter((a) => a.party === view);
    out[view] = { c: completeness(seen, model), g: groupsPresent(seen).length };
  }
  return out;
}

/** The histogram bucket of a score: [0, 0.1) → 0 … [0.9, 1] → 9. */
export function bucketOf(score: number): number {
  return Math.min(HISTOGRAM_BUCKETS - 1, Math.max(0, Math.floor(score * HISTOGRAM_BUCKETS + 1e-9)));
}

export const is360 = (s: ViewScore) => s.g === profileGroups.length;
