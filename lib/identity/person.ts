import "server-only";
/**
 * One person as a privacy officer reads it: the profiles joined, the shared identifiers that
 * join them (type and normalized value), and the identifiers that were not used because too
 * many profiles carry them. Also the matching configuration admins edit, whose change forms
 * every person again in the transaction of its audit event.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { hasRole, scopeAllows } from "@/lib/auth/permissions";
import { readSetting, storeSetting } from "@/lib/settings";
import { rowsOf, texts } from "@/lib/sql-rows";
import { retryTransaction } from "@/lib/db-errors";
import {
  capOf,
  MATCHING_SETTING,
  matchingConfigOf,
  matchingConfigSchema,
  type MatchingConfig,
} from "./config";
import { getMatchingConfig, links, rebuildIdentities, tooMany } from "./resolve";

/** How one identifier took part in matching. */
export type IdentifierUse =
  /** Shared with another profile of this person: it joins them. */
  | "linked"
  /** Carried by more profiles than the maximum: not used. */
  | "flagged"
  /** Of a matching type, carried by this profile alone. */
  | "unique"
  /** Of a type that is not matched on (device ids, …). */
  | "not_matched"
  /** A value that cannot be compared (an invalid phone number): kept, never matched. */
  | "invalid";

export type SubjectIdentity = {
  personId: string;
  subjects: string[];
  links: { from: string; to: string; type: string; value: string }[];
  flagged: { type: string; value: string; profiles: number }[];
  profiles: {
    subjectId: string;
    region: string;
    identifiers: { type: string; value: string; use: IdentifierUse }[];
  }[];
  matching: MatchingConfig;
};

/** Always three: a mask that grew with the value would tell its length. */
const dots = () => "•••";

/**
 * A value shown to readers who may know that it exists, not what it is: its first character
 * (an e-mail's domain too, and its ending), a phone's country code and last three digits, and
 * nothing of its length.
 */
export function maskValue(type: string, value: string): string {
  if (type === "email" && value.includes("@")) {
    const [local, domain] = [
      value.slice(0, value.lastIndexOf("@")),
      value.slice(value.lastIndexOf("@") + 1),
    ];
    const dot = domain.lastIndexOf(".");
    const host = dot > 0 ? domain.slice(0, dot) : domain;
    const tld = dot > 0 ? domain.slice(dot) : "";
    return `${local.slice(0, 1)}${dots()}@${host.slice(0, 1)}${dots()}${tld}`;
  }
  if (type === "phone" && /^\+\d{6,}$/.test(value))
    return `${value.slice(0, 3)}${dots()}${value.slice(-3)}`;
  return `${value.slice(0, 1)}${dots()}`;
}

export async function getSubjectIdentity(
  db: Db,
  subjectId: string,
  options: { mask: boolean },
): Promise<SubjectIdentity | null> {
  const [self] = rowsOf<{ person_id: string }>(
    await db.execute(sql`select person_id from profiles where subject_id = ${subjectId}`),
  );
  if (!self) return null;
  const config = await getMatchingConfig(db);
  const matching = new Set(config.types);
  const members = rowsOf<{ subject_id: string; region: string }>(
    await db.execute(sql`
      select subject_id, region from profiles where person_id = ${self.person_id}
      order by subject_id`),
  ).sort((a, b) => (a.subject_id < b.subject_id ? -1 : a.subject_id > b.subject_id ? 1 : 0));
  const identifiers = rowsOf<{
    subject_id: string;
    type: string;
    value: string;
    normalized: string | null;
    carriers: number | string | null;
  }>(
    await db.execute(sql`
      select i.subject_id, i.type, i.value, i.normalized,
             case when i.normalized is not null and i.type in ${texts(config.types)} then (
               select count(*) from profile_identifiers j
               where j.normalized = i.normalized and j.type = i.type
             ) end as carriers
      from profile_identifiers i
      join profiles p on p.subject_id = i.subject_id
      where p.person_id = ${self.person_id}
      order by i.type, i.subject_id`),
  );
  const show = (type: string, value: string) => (options.mask ? maskValue(type, value) : value);
  const byValue = new Map<string, { type: string; value: string; subjects: string[]; n: number }>();
  const profiles = new Map(
    members.map((m) => [
      m.subject_id,
      {
        subjectId: m.subject_id,
        region: m.region,
        identifiers: [] as SubjectIdentity["profiles"][number]["identifiers"],
      },
    ]),
  );
  for (const i of identifiers) {
    const n = Number(i.carriers ?? 0);
    const use: IdentifierUse = !matching.has(i.type)
      ? "not_matched"
      : i.normalized === null
        ? "invalid"
        : n > capOf(i.type, config)
          ? "flagged"
          : links(n, config, i.type)
            ? "linked"
            : "unique";
    profiles.get(i.subject_id)?.identifiers.push({
      type: i.type,
      value: show(i.type, i.normalized ?? i.value),
      use,
    });
    if (use === "linked" || use === "flagged") {
      const key = `${i.type}\u0000${i.normalized}`;
      const entry = byValue.get(key) ?? { type: i.type, value: i.normalized!, subjects: [], n };
      entry.subjects.push(i.subject_id);
      byValue.set(key, entry);
    }
  }
  const linksOut: SubjectIdentity["links"] = [];
  const flagged: SubjectIdentity["flagged"] = [];
  for (const v of byValue.values()) {
    if (v.n > capOf(v.type, config)) {
      flagged.push({ type: v.type, value: show(v.type, v.value), profiles: v.n });
      continue;
    }
    // A shared value joins all its carriers: shown as links from the first to each other one.
    const [first, ...rest] = v.subjects.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const to of rest)
      linksOut.push({ from: first!, to, type: v.type, value: show(v.type, v.value) });
  }
  return {
    personId: self.person_id,
    subjects: members.map((m) => m.subject_id),
    links: linksOut,
    flagged,
    profiles: [...profiles.values()],
    matching: config,
  };
}

/**
 * Who sees identifier values in clear: privacy officers and admins, and admin API keys, the only
 * callers the identity page and API let through. Anyone else would see them masked.
 */
export function seesIdentifiers(actor: Actor): boolean {
  if (actor.type === "user") return hasRole(actor.role, "privacy");
  if (actor.type === "api_key") return scopeAllows(actor.scopes, "admin");
  return actor.type === "system";
}

/** A person as `actor` may see it, the lookup audited like a consent-history lookup. */
export async function readSubjectIdentity(
  db: Db,
  actor: Actor,
  subjectId: string,
  via: "page" | "api",
): Promise<SubjectIdentity | null> {
  const identity = await getSubjectIdentity(db, subjectId, { mask: !seesIdentifiers(actor) });
  await recordAudit(db, actor, {
    action: "subject.identity_read",
    entityType: "subject",
    entityId: subjectId,
    detail: { via, found: identity !== null, personId: identity?.personId ?? null },
  });
  return identity;
}

/**
 * The flagged identifier values as an admin's page shows them: masked, or in clear with the
 * reading audited under the reader's name (they are customers' e-mail addresses and phones).
 */
export async function readFlaggedIdentifiers(db: Db, actor: Actor, inClear: boolean) {
  const flagged = await listFlaggedIdentifiers(db, { mask: !inClear });
  if (inClear) {
    await recordAudit(db, actor, {
      action: "identity.flagged_read",
      entityType: "subject",
      detail: { values: flagged.length, types: [...new Set(flagged.map((f) => f.type))] },
    });
  }
  return flagged;
}

/** Values of matching types carried by more profiles than the maximum, most carried first. */
export async function listFlaggedIdentifiers(
  db: Db,
  options: { mask: boolean; limit?: number },
): Promise<{ type: string; value: string; profiles: number }[]> {
  const config = await getMatchingConfig(db);
  if (config.types.length === 0) return [];
  const rows = rowsOf<{ type: string; normalized: string; n: number | string }>(
    await db.execute(sql`
      select type, normalized, count(*)::int as n from profile_identifiers
      where normalized is not null
        and type in ${texts(config.types)}
      group by type, normalized
      having ${tooMany(sql`count(*)`, sql`type`, config)}
      order by n desc, type, normalized
      limit ${options.limit ?? 50}`),
  );
  return rows.map((r) => ({
    type: r.type,
    value: options.mask ? maskValue(r.type, r.normalized) : r.normalized,
    profiles: Number(r.n),
  }));
}

/**
 * Saves the matching configuration and forms every person again by it, with the audit event,
 * in one transaction (persons and their figures never show a mix of two configurations).
 */
export async function setMatchingConfig(
  db: Db,
  actor: Actor,
  input: unknown,
): Promise<{ config: MatchingConfig; persons: number }> {
  const config = matchingConfigSchema.parse(input);
  // Tried again when a profile write deadlocks with it (rebuildIdentities: both take customer
  // locks and the identity lock, in orders that can cross).
  return retryTransaction(() =>
    db.transaction(async (tx) => {
      // Read under the setting's lock: a save made meanwhile is the "before" this one replaces.
      const before = matchingConfigOf(await readSetting(tx, MATCHING_SETTING, true));
      await storeSetting(tx, MATCHING_SETTING, config);
      const { persons } = await rebuildIdentities(tx);
      await recordAudit(tx, actor, {
        action: "identity.matching_update",
        entityType: "setting",
        entityId: MATCHING_SETTING,
        before,
        after: config,
        detail: { persons },
      });
      return { config, persons };
    }),
  );
}
