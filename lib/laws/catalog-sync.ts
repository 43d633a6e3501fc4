import "server-only";
/**
 * The shipped law catalog (data/laws.json) kept in sync with the database: its laws, phases
 * and obligations replaced in one transaction when the catalog changes.
 */
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import shipped from "@/data/laws.json";
import type { Db, Tx } from "@/db/connect";
import {
  internalDeadlines,
  lawObligations,
  lawPhases,
  laws,
  obligations,
  settings,
} from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { lawCatalogSchema, obligationKeys, type LawCatalog, type ObligationKey } from "./schema";

/** English names of the obligations, stored with them for API readers and exports. */
export const obligationNames: Record<ObligationKey, string> = {
  privacy_notice: "Privacy notice",
  access: "Right of access",
  deletion: "Right to deletion",
  correction: "Right to correction",
  portability: "Data portability",
  opt_out_sale: "Opt-out of sale or sharing",
  opt_out_targeted_ads: "Opt-out of targeted advertising",
  opt_out_profiling: "Opt-out of profiling",
  sensitive_opt_in: "Opt-in consent for sensitive data",
  universal_opt_out: "Universal opt-out signal (GPC)",
  risk_assessment: "Risk / data protection assessments",
  data_minimization: "Data minimization",
  processor_contracts: "Processor contracts",
  children_data: "Children's and teens' data",
  breach_notification: "Breach notification",
  dpo: "Data protection officer or representative",
  cross_border_transfers: "Cross-border transfer rules",
  ai_transparency: "AI and automated-decision obligations",
  connected_product_data: "Connected-product data access and sharing",
};

let parsedCatalog: LawCatalog | undefined;

/** The shipped catalog, validated (a malformed data file is a bug caught by the unit tests). */
export function shippedCatalog(): LawCatalog {
  return (parsedCatalog ??= lawCatalogSchema.parse(shipped));
}

const CATALOG_SETTING = "law_catalog";

/**
 * Brings the database's copy of the shipped catalog up to date: obligations, laws, phases and
 * each law's obligations. Skipped when the same catalog is already there; the company's own laws,
 * controls and deadlines are never touched. A law dropped from the catalog is removed (deadlines
 * that pointed at it keep their date and lose the link).
 */
export async function syncLawCatalog(db: Db, catalog: LawCatalog = shippedCatalog()) {
  const hash = createHash("sha256").update(JSON.stringify(catalog)).digest("hex");
  const [current] = await db.select().from(settings).where(eq(settings.key, CATALOG_SETTING));
  if ((current?.value as { hash?: string } | undefined)?.hash === hash) return false;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('firstparty:law_catalog'))`);
    // Another instance may have synced while we waited for the lock.
    const [now] = await tx.select().from(settings).where(eq(settings.key, CATALOG_SETTING));
    if ((now?.value as { hash?: string } | undefined)?.hash === hash) return false;
    for (const key of obligationKeys) {
      await tx
        .insert(obligations)
        .values({ key, name: obligationNames[key] })
        .onConflictDoUpdate({ target: obligations.key, set: { name: obligationNames[key] } });
    }
    const ids = catalog.laws.map((l) => l.id);
    const stale = (
      await tx.select({ id: laws.id }).from(laws).where(eq(laws.custom, false))
    ).filter((row) => !ids.includes(row.id));
    for (const { id } of stale) await removeLaw(tx, id);
    for (const law of catalog.laws) {
      const row = {
        name: law.name,
        nameDe: law.nameDe,
        shortName: law.shortName,
        shortNameDe: law.shortNameDe,
        jurisdictions: law.jurisdictions,
        effectiveDate: law.effectiveDate,
        status: law.status,
        sourceUrl: law.sources[0]!.url,
        sources: law.sources.map(({ url, title, kind }) => ({ url, title, kind })),
        reviewedOn: catalog.reviewedOn,
        curePeriodDays: law.curePeriodDays,
        cureEndsOn: law.cureEndsOn,
        notes: [law.notes, law.cureNote].filter(Boolean).join(" "),
        notesDe: [law.notesDe, law.cureNoteDe].filter(Boolean).join(" "),
        custom: false,
        updatedAt: new Date(),
      };
      await tx
        .insert(laws)
        .values({ id: law.id, ...row })
        .onConflictDoUpdate({ target: laws.id, set: row });
      await tx.delete(lawPhases).where(eq(lawPhases.lawId, law.id));
      await tx.delete(lawObligations).where(eq(lawObligations.lawId, law.id));
      const phases = dedupe(law.phases, (p) => `${p.date}|${p.label}`);
      if (phases.length > 0) {
        await tx.insert(lawPhases).values(phases.map((p) => ({ lawId: law.id, ...p })));
      }
      const obligationRows = dedupe(law.obligations, (o) => o.key);
      await tx.insert(lawObligations).values(
        obligationRows.map((o) => ({
          lawId: law.id,
          obligationKey: o.key,
          appliesFrom: o.appliesFrom ?? null,
          note: o.note,
          noteDe: o.noteDe,
        })),
      );
    }
    await tx
      .insert(settings)
      .values({ key: CATALOG_SETTING, value: { reviewedOn: catalog.reviewedOn, hash } })
      .onConflictDoUpdate({
        target: settings.key,
        set: { value: { reviewedOn: catalog.reviewedOn, hash }, updatedAt: sql`now()` },
      });
    await recordAudit(
      tx,
      { type: "system", label: "law catalog" },
      {
        action: "law_catalog.sync",
        entityType: "law_catalog",
        entityId: catalog.reviewedOn,
        before: current?.value ?? null,
        after: { reviewedOn: catalog.reviewedOn, laws: catalog.laws.length, removed: stale },
      },
    );
    return true;
  });
}

function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && Boolean(seen.add(key(item))));
}

async function removeLaw(tx: Tx, id: string) {
  await tx.update(internalDeadlines).set({ lawId: null }).where(eq(internalDeadlines.lawId, id));
  await tx.delete(lawPhases).where(eq(lawPhases.lawId, id));
  await tx.delete(lawObligations).where(eq(lawObligations.lawId, id));
  await tx.delete(laws).where(eq(laws.id, id));
}
