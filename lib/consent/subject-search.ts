import "server-only";
/**
 * Finding a customer from what they give: an e-mail address, a phone number, any other
 * identifier (a loyalty number, a device id) or the subject id itself. Identifiers are matched on
 * their normalized values (lib/identity/normalize), so "Ada@Example.com" finds "ada@example.com"
 * and "030 1234567" finds "+49 30 1234567" for a customer in Germany. Every match is listed with
 * what it matched on; a search is audited with the subjects it found.
 */
import { and, asc, desc, eq, inArray, notInArray, or, type SQL } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { consentEvents, profileIdentifiers, profileSummary, profiles } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { searchCandidates } from "@/lib/identity/normalize";

/** At most this many customers are listed; a search that finds more says so. */
export const SUBJECT_SEARCH_LIMIT = 50;

export type SubjectMatch = {
  subjectId: string;
  /** The profile's region, or the region of the customer's latest consent event. */
  region: string | null;
  /** Whether a profile exists (a customer may have consent events only). */
  profile: boolean;
  /** The query is the subject id itself. */
  bySubjectId: boolean;
  /** The identifiers that matched, as the profile holds them. */
  matchedOn: { type: string; value: string }[];
};

export type SubjectSearch = {
  query: string;
  /** What the query was read as: e-mail, phone (the E.164 numbers tried) and identifier text. */
  readAs: { email: string | null; phones: string[] };
  matches: SubjectMatch[];
  /** More customers matched than are listed. */
  more: boolean;
};

export async function searchSubjects(db: Db, query: string): Promise<SubjectSearch> {
  const regions = await db.selectDistinct({ region: profileSummary.region }).from(profileSummary);
  const c = searchCandidates(
    query,
    regions.map((r) => r.region),
  );
  const id = profileIdentifiers;
  const byValue: SQL[] = [];
  if (c.email) byValue.push(and(eq(id.type, "email"), eq(id.normalized, c.email))!);
  if (c.phones.length) byValue.push(and(eq(id.type, "phone"), inArray(id.normalized, c.phones))!);
  if (c.text)
    byValue.push(and(notInArray(id.type, ["email", "phone"]), eq(id.normalized, c.text))!);

  const cap = SUBJECT_SEARCH_LIMIT + 1;
  const [identified, own] = await Promise.all([
    byValue.length
      ? db
          .select({
            subjectId: id.subjectId,
            type: id.type,
            value: id.value,
            region: profiles.region,
          })
          .from(id)
          .innerJoin(profiles, eq(profiles.subjectId, id.subjectId))
          .where(or(...byValue))
          .orderBy(asc(id.subjectId), asc(id.type))
          .limit(cap * 4)
      : [],
    c.text ? subjectItself(db, c.text) : null,
  ]);

  const found = new Map<string, SubjectMatch>();
  if (own) found.set(own.subjectId, own);
  for (const row of identified) {
    const match = found.get(row.subjectId) ?? {
      subjectId: row.subjectId,
      region: row.region,
      profile: true,
      bySubjectId: false,
      matchedOn: [],
    };
    match.matchedOn.push({ type: row.type, value: row.value });
    found.set(row.subjectId, match);
  }
  const matches = [...found.values()];
  return {
    query: c.text,
    readAs: { email: c.email, phones: c.phones },
    matches: matches.slice(0, SUBJECT_SEARCH_LIMIT),
    more: matches.length > SUBJECT_SEARCH_LIMIT,
  };
}

/** The customer whose subject id is the query: from their profile, or their consent events. */
async function subjectItself(db: Db, subjectId: string): Promise<SubjectMatch | null> {
  const [profile] = await db
    .select({ region: profiles.region })
    .from(profiles)
    .where(eq(profiles.subjectId, subjectId));
  if (profile)
    return { subjectId, region: profile.region, profile: true, bySubjectId: true, matchedOn: [] };
  const [latest] = await db
    .select({ region: consentEvents.region })
    .from(consentEvents)
    .where(eq(consentEvents.subjectId, subjectId))
    .orderBy(desc(consentEvents.occurredAt))
    .limit(1);
  return latest
    ? { subjectId, region: latest.region, profile: false, bySubjectId: true, matchedOn: [] }
    : null;
}

/**
 * A search as a privacy officer runs it: audited with what the query was read as and the
 * subjects it found (the ids, not the e-mail address or number typed).
 */
export async function auditedSubjectSearch(
  db: Db,
  actor: Actor,
  query: string,
): Promise<SubjectSearch> {
  const result = await searchSubjects(db, query);
  await recordAudit(db, actor, {
    action: "subject.search",
    entityType: "subject",
    detail: {
      readAs: [
        ...(result.readAs.email ? ["email"] : []),
        ...(result.readAs.phones.length ? ["phone"] : []),
        "identifier",
        "subject_id",
      ],
      found: result.matches.map((m) => m.subjectId),
      more: result.more,
    },
  });
  return result;
}
