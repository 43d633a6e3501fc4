import { isoDay, now } from "@/lib/clock";
import { csvResponse, toCsv } from "@/lib/csv";
import { phaseOutFilter } from "@/lib/filters/phase-out";
import { queryFilter, withAuth } from "@/lib/http";
import { getPhaseOut } from "@/lib/metrics/phase-out";

export const dynamic = "force-dynamic";

type Line = {
  section: "source_retired" | "figure" | "reach" | "attribute_lost";
  key: string;
  name: string;
  before?: number | null;
  after?: number | null;
  profiles?: number;
  replacements?: string;
};

/**
 * The simulation of /sources as CSV, one line per figure: the sources retired (with the profiles
 * each supplies), the three profile figures before and after as shares (four decimals) with the
 * profiles they are shares of, reach per purpose in profiles, and each attribute lost with the profiles losing
 * it and the zero- and first-party sources supplying it elsewhere (`key:profiles`).
 */
export const GET = withAuth({ role: "marketing" }, async (request, { db }) => {
  const { retire } = queryFilter(phaseOutFilter, request);
  const today = isoDay(now());
  const r = await getPhaseOut(db, retire, today);
  const figure = (key: string, pick: (f: typeof r.before) => number | null): Line => ({
    section: "figure",
    key,
    name: key,
    before: pick(r.before),
    after: pick(r.after),
    profiles: r.before.profiles,
  });
  const lines: Line[] = [
    ...r.sources.map((s): Line => ({
      section: "source_retired",
      key: s.key,
      name: `${s.name} (${s.party})`,
      profiles: s.profiles,
    })),
    figure("avg_completeness", (f) => f.avgCompleteness),
    figure("share_360", (f) => f.share360),
    figure("identity_coverage", (f) => f.identityCoverage),
    ...r.before.reach.map((b, i): Line => ({
      section: "reach",
      key: b.purpose,
      name: b.name,
      before: b.profiles,
      after: r.after.reach[i]!.profiles,
    })),
    ...r.attributesLost.map((a): Line => ({
      section: "attribute_lost",
      key: `${a.group}.${a.attribute}`,
      name: a.key ? "key attribute" : "",
      profiles: a.profiles,
      replacements: a.replacements.map((s) => `${s.key}:${s.profiles}`).join(" "),
    })),
  ];
  const csv = toCsv(lines, [
    "section",
    "key",
    "name",
    "before",
    "after",
    {
      header: "change",
      value: (l) =>
        typeof l.before === "number" && typeof l.after === "number" ? l.after - l.before : null,
    },
    "profiles",
    "replacements",
  ]);
  const named = r.retire.length <= 3 ? r.retire.join("+") : `${r.retire.length}-sources`;
  return csvResponse(csv, `firstparty-phase-out-${named || "none"}-${today}.csv`);
});
