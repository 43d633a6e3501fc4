import { isoDay, now } from "@/lib/clock";
import { csvResponse, toCsv } from "@/lib/csv";
import { sourceFilter } from "@/lib/filters/sources";
import { queryFilter, withAuth } from "@/lib/http";
import { listSources, sourceStatus } from "@/lib/sources";

export const dynamic = "force-dynamic";

// The source inventory as CSV, with the table's filters (every signed-in role may export).
export const GET = withAuth({ role: "marketing" }, async (request, { db }) => {
  const filter = queryFilter(sourceFilter, request);
  const today = isoDay(now());
  const sources = await listSources(db, filter, today);
  const csv = toCsv(sources, [
    { header: "key", value: (s) => s.key },
    { header: "name", value: (s) => s.name },
    { header: "party", value: (s) => s.party },
    { header: "category", value: (s) => s.category },
    { header: "channel", value: (s) => s.channel },
    { header: "monthly_volume", value: (s) => s.monthlyVolume },
    { header: "cookie_based", value: (s) => s.cookieBased },
    { header: "status", value: (s) => sourceStatus(s, today) },
    { header: "active_from", value: (s) => s.activeFrom },
    { header: "retired_at", value: (s) => s.retiredAt },
    { header: "data_categories", value: (s) => s.dataCategories.join(" ") },
    { header: "linked_purposes", value: (s) => s.linkedPurposes.join(" ") },
    { header: "owner_team", value: (s) => s.ownerTeam },
  ]);
  return csvResponse(csv, `firstparty-sources-${today}.csv`);
});
