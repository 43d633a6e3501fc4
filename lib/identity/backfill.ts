import "server-only";
/**
 * Identifiers stored before values were normalized (migration 0015) get their normalized value
 * once, at start-up under the migration lock: in batches by key, so a large table is read once
 * and a restart part-way simply goes on. A setting records that it is done; profiles written
 * since are normalized as they are written (lib/profiles/ingest).
 */
import { and, asc, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { profileIdentifiers, profiles } from "@/db/schema";
import { readSetting, storeSetting } from "@/lib/settings";
import { records, rowsOf } from "@/lib/sql-rows";
import { retryTransaction } from "@/lib/db-errors";
import { normalizeIdentifier } from "./normalize";
import { rebuildIdentities } from "./resolve";

/**
 * Bumped when the rules in ./normalize change, so stored values are normalized again (2: phone
 * numbers written with 00 in regions that dial another prefix, e-mail in one Unicode form
 * without invisible characters).
 */
export const NORMALIZATION_VERSION = 2;
const SETTING = "identifiers.normalizationVersion";
const BATCH = 5_000;

/** Bumped when the way persons are formed changes, so they are formed again at start-up. */
export const RESOLUTION_VERSION = 1;
const RESOLUTION_SETTING = "identity.resolutionVersion";

/**
 * Normalizes the stored identifiers again by the current rules; how many changed. When any did,
 * the persons are formed again next (resolveStoredIdentities): who matches whom may have changed.
 * Done once per version of the rules; with `missing`, the identifiers without a normalized value
 * are normalized whatever the version (rows loaded around the API, by COPY or a restore).
 */
export async function normalizeStoredIdentifiers(
  db: Db,
  options: { missing?: boolean } = {},
): Promise<number> {
  const current = (await readSetting(db, SETTING)) === NORMALIZATION_VERSION;
  if (current && !options.missing) return 0;
  const id = profileIdentifiers;
  const only = current ? isNull(id.normalized) : undefined;
  let after: { subjectId: string; type: string } | null = null;
  let updated = 0;
  for (;;) {
    const rows: { subjectId: string; type: string; value: string; region: string }[] = await db
      .select({ subjectId: id.subjectId, type: id.type, value: id.value, region: profiles.region })
      .from(id)
      .innerJoin(profiles, eq(profiles.subjectId, id.subjectId))
      .where(
        and(
          only,
          after
            ? or(
                gt(id.subjectId, after.subjectId),
                and(eq(id.subjectId, after.subjectId), gt(id.type, after.type)),
              )
            : undefined,
        ),
      )
      .orderBy(asc(id.subjectId), asc(id.type))
      .limit(BATCH);
    if (rows.length === 0) break;
    const values = rows.map((r) => ({
      subject_id: r.subjectId,
      type: r.type,
      normalized: normalizeIdentifier(r.type, r.value, r.region),
    }));
    // A batch that changes values asks for the persons to be formed again in the same commit: a
    // start stopped part-way finds the rest unchanged next time, and must still form them.
    updated += await db.transaction(async (tx) => {
      const changed = rowsOf(
        await tx.execute(sql`
          update profile_identifiers p set normalized = x.normalized
          from ${records(values)}
            as x(subject_id text, type text, normalized text)
          where p.subject_id = x.subject_id and p.type = x.type
            and p.normalized is distinct from x.normalized
          returning 1`),
      );
      if (changed.length > 0) await storeSetting(tx, RESOLUTION_SETTING, 0);
      return changed.length;
    });
    const last = rows.at(-1)!;
    after = { subjectId: last.subjectId, type: last.type };
  }
  await storeSetting(db, SETTING, NORMALIZATION_VERSION);
  return updated;
}

/**
 * Forms persons from the stored profiles once (the upgrade that introduced persons, or a change
 * in how they are formed); from then on every profile write keeps them (lib/identity/resolve).
 */
export async function resolveStoredIdentities(db: Db): Promise<boolean> {
  if ((await readSetting(db, RESOLUTION_SETTING)) === RESOLUTION_VERSION) return false;
  // Tried again when a profile write deadlocks with it (see rebuildIdentities).
  await retryTransaction(() =>
    db.transaction(async (tx) => {
      await rebuildIdentities(tx);
      await storeSetting(tx, RESOLUTION_SETTING, RESOLUTION_VERSION);
    }),
  );
  return true;
}

/**
 * For bulk loaders that store normalized values and form persons themselves (rebuildIdentities):
 * records both steps as done, so start-up does not repeat them.
 */
export async function markIdentitiesCurrent(db: Db): Promise<void> {
  await storeSetting(db, SETTING, NORMALIZATION_VERSION);
  await storeSetting(db, RESOLUTION_SETTING, RESOLUTION_VERSION);
}
