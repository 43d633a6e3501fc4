import "server-only";
/**
 * What the configuration itself shows about a control: evidence read from the database
 * (purposes, consent records, keys) beside what the officer wrote.
 */
import { and, eq, gte, lte, sql } from "drizzle-orm";
import type { createTranslator } from "use-intl/core";
import type { Db } from "@/db/connect";
import { consentDaily, purposes } from "@/db/schema";
import type en from "@/messages/en.json";
import { saidOf, type CatalogSaid } from "@/lib/catalog-said";
import type { ObligationKey } from "./schema";

type EvidenceKey = keyof typeof en.laws.evidenceMessages;
/** A translator of the evidence's messages, as a type only: what each message's placeholders take. */
declare const _translator: ReturnType<typeof createTranslator<typeof en, "laws.evidenceMessages">>;
type Values = { [K in EvidenceKey]: Parameters<typeof _translator<K>>[1] };

/** What the configuration shows, as a message of `laws.evidenceMessages` with its values. */
export type EvidenceSaid = CatalogSaid<Values>;
const evidenceSaid = saidOf<Values>();

/** What a translator of `laws.evidenceMessages` is given to say `said`, in any language. */
export const evidenceSayArgs = (said: EvidenceSaid) =>
  [said.key as "gpcRecorded", said.values as Values["gpcRecorded"]] as const;

export type ConfigEvidence = { ok: boolean; said: EvidenceSaid };

/**
 * Evidence read from configuration rather than typed in: the purpose catalog and the consent
 * log. Shown beside the control; it does not change the status a privacy officer set.
 */
export async function configEvidence(
  db: Db,
  today: string,
): Promise<Partial<Record<ObligationKey, ConfigEvidence>>> {
  const active = await db
    .select({
      key: purposes.key,
      legalBasis: purposes.legalBasis,
      dataCategories: purposes.dataCategories,
      retentionDays: purposes.retentionDays,
      involvesSensitiveData: purposes.involvesSensitiveData,
      customerDescription: purposes.customerDescription,
    })
    .from(purposes)
    .where(eq(purposes.status, "active"));
  // The last 90 days: today and the 89 before it.
  const since = new Date(Date.parse(`${today}T00:00:00Z`) - 89 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const [gpc] = await db
    .select({
      events: sql<string>`coalesce(sum(${consentDaily.gpcEvents}), 0)::text`,
      last: sql<
        string | null
      >`max(${consentDaily.day}) filter (where ${consentDaily.gpcEvents} > 0)::text`,
    })
    .from(consentDaily)
    .where(and(gte(consentDaily.day, since), lte(consentDaily.day, today)));
  const withoutCategories = active.filter((p) => p.dataCategories.length === 0).map((p) => p.key);
  const sensitiveWithoutConsent = active
    .filter((p) => p.involvesSensitiveData && p.legalBasis !== "consent")
    .map((p) => p.key);
  const consentWithoutText = active
    .filter((p) => p.legalBasis === "consent" && p.customerDescription.trim() === "")
    .map((p) => p.key);
  const gpcEvents = Number(gpc?.events ?? 0);
  const consentPurposes = active.filter((p) => p.legalBasis === "consent").length;
  return {
    data_minimization: {
      ok: active.length > 0 && withoutCategories.length === 0,
      said:
        active.length === 0
          ? evidenceSaid("noPurposes")
          : withoutCategories.length === 0
            ? evidenceSaid("minimizationOk", { purposes: active.length })
            : evidenceSaid("minimizationMissing", { missing: withoutCategories.join(", ") }),
    },
    universal_opt_out: {
      ok: gpcEvents > 0,
      said:
        gpcEvents > 0
          ? evidenceSaid("gpcRecorded", { events: gpcEvents, last: gpc?.last ?? "" })
          : evidenceSaid("gpcNone"),
    },
    sensitive_opt_in: {
      ok: sensitiveWithoutConsent.length === 0,
      said:
        sensitiveWithoutConsent.length > 0
          ? evidenceSaid("sensitiveMissing", { missing: sensitiveWithoutConsent.join(", ") })
          : active.some((p) => p.involvesSensitiveData)
            ? evidenceSaid("sensitiveOk", {
                purposes: active.filter((p) => p.involvesSensitiveData).length,
              })
            : evidenceSaid("sensitiveNone"),
    },
    privacy_notice: {
      ok: consentPurposes > 0 && consentWithoutText.length === 0,
      said:
        consentPurposes === 0
          ? evidenceSaid("noConsentPurposes")
          : consentWithoutText.length === 0
            ? evidenceSaid("noticeOk", { purposes: consentPurposes })
            : evidenceSaid("noticeMissing", { missing: consentWithoutText.join(", ") }),
    },
  };
}
