/**
 * What a database needs after its migrations, before anything reads it: the shipped law catalog
 * (loaded when data/laws.json changed) and the one-time reworks of stored data that upgrades
 * bring (identifiers normalized, persons formed from all profiles, consent figures built again
 * for eventIds' byte order, the phase-out path's start kept with the target). Each step records that it is
 * done and costs one read afterwards. Start-up runs this under the migration lock, and so does
 * every database command (db:migrate, seed, admin:create), so `npm run db:migrate` ahead of a
 * start leaves the start nothing to do.
 */
import type { Db } from "@/db/connect";
import { normalizeStoredIdentifiers, resolveStoredIdentities } from "@/lib/identity/backfill";
import { syncLawCatalog } from "@/lib/laws";
import { reorderSameInstantDecisions } from "@/lib/consent/event-order";
import { fixPhaseOutBaseline } from "@/lib/sources";
import { isoDay, now } from "@/lib/clock";

export type Upgrade = {
  /** The shipped law catalog was loaded (it had changed). */
  lawCatalog: boolean;
  /** Identifiers stored before normalization that were normalized now. */
  identifiersNormalized: number;
  /** Persons were formed again from all profiles. */
  personsFormed: boolean;
  /** The consent figures were built again for eventIds' byte order (lib/consent/event-order). */
  consentReordered: boolean;
  /** A phase-out target set before its path's start was kept with it got its start now. */
  phaseOutBaselineFixed: boolean;
};

export async function upgradeStoredData(db: Db): Promise<Upgrade> {
  const lawCatalog = await syncLawCatalog(db);
  const identifiersNormalized = await normalizeStoredIdentifiers(db);
  const personsFormed = await resolveStoredIdentities(db);
  const consentReordered = await reorderSameInstantDecisions(db);
  const phaseOutBaselineFixed = await fixPhaseOutBaseline(db, isoDay(now()));
  return {
    lawCatalog,
    identifiersNormalized,
    personsFormed,
    consentReordered,
    phaseOutBaselineFixed,
  };
}
