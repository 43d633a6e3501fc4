import "server-only";
/**
 * Preference links: one customer's page without a sign-in. The token is 256 random bits; only
 * its SHA-256 is stored, so the table cannot be turned back into links, and the customer's id
 * never appears in the address (nothing to guess, nothing to enumerate). A link works until it
 * expires or is revoked: a customer's forwarded e-mail ends the link it carried, an erasure
 * request every link of theirs at once.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/connect";
import { preferenceLinks, preferencePageVisits } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { createPreferenceLinkSchema, type CreatePreferenceLinkInput } from "./schema";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
/** Tokens as issued: 43 base64url characters. Anything else is not looked up at all. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export async function createPreferenceLink(
  db: Db,
  actor: Actor,
  input: CreatePreferenceLinkInput,
  options: { origin: string; now: Date },
): Promise<{ id: string; url: string; expiresAt: string }> {
  const { subjectId, locale, expiresInDays } = createPreferenceLinkSchema.parse(input);
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(options.now.getTime() + expiresInDays * 86_400_000);
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(preferenceLinks)
      .values({
        tokenHash: hashToken(token),
        subjectId,
        locale: locale ?? null,
        expiresAt,
        createdAt: options.now,
      })
      .returning({ id: preferenceLinks.id });
    await recordAudit(tx, actor, {
      action: "preference_link.create",
      entityType: "preference_link",
      entityId: row!.id,
      after: { subjectId, locale: locale ?? null, expiresAt: expiresAt.toISOString() },
    });
    return row!.id;
  });
  return {
    id,
    url: `${options.origin}/preferences/${token}`,
    expiresAt: expiresAt.toISOString(),
  };
}

export type PreferenceLink = { id: string; subjectId: string; locale: string | null };

/** The link a token opens, or null for a malformed, unknown or expired one (all a 404). */
export async function resolvePreferenceLink(
  db: Db,
  token: string,
  now: Date,
): Promise<PreferenceLink | null> {
  if (!TOKEN.test(token)) return null;
  const [row] = await db
    .select()
    .from(preferenceLinks)
    .where(eq(preferenceLinks.tokenHash, hashToken(token)));
  if (!row || row.expiresAt <= now || row.revokedAt) return null;
  return { id: row.id, subjectId: row.subjectId, locale: row.locale };
}

/** The links of `subjectId` that work at `now`. */
const working = (subjectId: string, now: Date) =>
  and(
    eq(preferenceLinks.subjectId, subjectId),
    isNull(preferenceLinks.revokedAt),
    gt(preferenceLinks.expiresAt, now),
  );

/** A working link as the customer's page lists it: when issued, until when, and its use. */
export type WorkingPreferenceLink = {
  id: string;
  locale: string | null;
  createdAt: string;
  expiresAt: string;
  /** Times its page was opened (a save is not counted again). */
  views: number;
  /** When its page was last opened or saved. */
  lastVisitAt: string | null;
};

/** The links of `subjectId` that work at `now`, the newest first. */
export async function listWorkingPreferenceLinks(
  db: Db,
  subjectId: string,
  now: Date,
): Promise<WorkingPreferenceLink[]> {
  const rows = await db
    .select({
      id: preferenceLinks.id,
      locale: preferenceLinks.locale,
      createdAt: preferenceLinks.createdAt,
      expiresAt: preferenceLinks.expiresAt,
      views: sql<number>`(count(*) filter (where ${preferencePageVisits.action} = 'view'))::int`,
      // A person's use: a mail scanner's fetch is neither a view nor the last time it was opened.
      lastVisitAt: sql<Date | null>`max(${preferencePageVisits.at}) filter (where ${
        preferencePageVisits.action
      } <> 'fetch')`.mapWith(preferencePageVisits.at),
    })
    .from(preferenceLinks)
    .leftJoin(preferencePageVisits, eq(preferencePageVisits.linkId, preferenceLinks.id))
    .where(working(subjectId, now))
    .groupBy(preferenceLinks.id)
    .orderBy(desc(preferenceLinks.createdAt), desc(preferenceLinks.id));
  const iso = (at: Date | string) => new Date(at).toISOString();
  return rows.map((r) => ({
    ...r,
    views: Number(r.views),
    createdAt: iso(r.createdAt),
    expiresAt: iso(r.expiresAt),
    lastVisitAt: r.lastVisitAt ? iso(r.lastVisitAt) : null,
  }));
}

/**
 * Revokes the links of `subjectId` that work and `which` picks: each opens nothing from now on,
 * like an expired one. One audit event names them, in the same transaction (none when there
 * were none).
 */
function revoke(db: Db, actor: Actor, subjectId: string, now: Date, which?: string) {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(preferenceLinks)
      .set({ revokedAt: now })
      .where(and(working(subjectId, now), which ? eq(preferenceLinks.id, which) : undefined))
      .returning({ id: preferenceLinks.id });
    if (rows.length === 0) return { revoked: 0 };
    await recordAudit(tx, actor, {
      action: "preference_link.revoke",
      entityType: "preference_link",
      // The id as stored (a path may spell it in capitals), so the link's trail finds it.
      ...(which ? { entityId: rows[0]!.id } : {}),
      detail: { subjectId, links: rows.map((r) => r.id).sort() },
    });
    return { revoked: rows.length };
  });
}

/** Revokes every link of `subjectId` that still works (an erasure request); how many. */
export function revokePreferenceLinks(
  db: Db,
  actor: Actor,
  subjectId: string,
  now: Date,
): Promise<{ revoked: number }> {
  return revoke(db, actor, subjectId, now);
}

/**
 * Revokes one working link of `subjectId` (the one a forwarded e-mail carried); 0 when it is
 * not theirs, or no longer works.
 */
export function revokePreferenceLink(
  db: Db,
  actor: Actor,
  subjectId: string,
  linkId: string,
  now: Date,
): Promise<{ revoked: number }> {
  // Not an id at all (a hand-typed address): no link of theirs.
  if (!z.uuid().safeParse(linkId).success) return Promise.resolve({ revoked: 0 });
  return revoke(db, actor, subjectId, now, linkId);
}
