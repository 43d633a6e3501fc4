import "server-only";
/**
 * Preference links: one customer's page without a sign-in. The token is 256 random bits; only
 * its SHA-256 is stored, so the table cannot be turned back into links, and the customer's id
 * never appears in the address (nothing to guess, nothing to enumerate). A link works until it
 * expires or is revoked: a customer's forwarded e-mail, or an erasure request, ends every link
 * of theirs at once.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, count, eq, gt, isNull, max } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { preferenceLinks } from "@/db/schema";
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
): Promise<{ url: string; expiresAt: string }> {
  const { subjectId, locale, expiresInDays } = createPreferenceLinkSchema.parse(input);
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(options.now.getTime() + expiresInDays * 86_400_000);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(preferenceLinks)
      .values({ tokenHash: hashToken(token), subjectId, locale: locale ?? null, expiresAt })
      .returning({ id: preferenceLinks.id });
    await recordAudit(tx, actor, {
      action: "preference_link.create",
      entityType: "preference_link",
      entityId: row!.id,
      after: { subjectId, locale: locale ?? null, expiresAt: expiresAt.toISOString() },
    });
  });
  return { url: `${options.origin}/preferences/${token}`, expiresAt: expiresAt.toISOString() };
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

/** How many of a customer's links work at `now`, and until when the last of them does. */
export async function workingPreferenceLinks(
  db: Db,
  subjectId: string,
  now: Date,
): Promise<{ working: number; lastExpiresAt: string | null }> {
  const [row] = await db
    .select({ working: count(), lastExpiresAt: max(preferenceLinks.expiresAt) })
    .from(preferenceLinks)
    .where(working(subjectId, now));
  return {
    working: row?.working ?? 0,
    lastExpiresAt: row?.lastExpiresAt ? new Date(row.lastExpiresAt).toISOString() : null,
  };
}

/**
 * Revokes every link of `subjectId` that still works: each opens nothing from now on, like an
 * expired one. Returns how many; one audit event names them, in the same transaction (none when
 * there were none).
 */
export async function revokePreferenceLinks(
  db: Db,
  actor: Actor,
  subjectId: string,
  now: Date,
): Promise<{ revoked: number }> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(preferenceLinks)
      .set({ revokedAt: now })
      .where(working(subjectId, now))
      .returning({ id: preferenceLinks.id });
    if (rows.length === 0) return { revoked: 0 };
    await recordAudit(tx, actor, {
      action: "preference_link.revoke",
      entityType: "preference_link",
      detail: { subjectId, links: rows.map((r) => r.id).sort() },
    });
    return { revoked: rows.length };
  });
}
