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
    "key",
    "name",
    "party",
    "category",
    "channel",
    "monthlyVolume",
    "cookieBased",
    { header: "status", value: (s) => sourceStatus(s, today) },
    "activeFrom",
    "retiredAt",
    { header: "data_categories", value: (s) => s.dataCategories.join(" ") },
    { header: "linked_purposes", value: (s) => s.linkedPurposes.join(" ") },
    "ownerTeam",
  ]);
  return csvResponse(csv, `firstparty-sources-${today}.csv`);
});
