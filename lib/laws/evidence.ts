import "server-only";
/**
 * What the configuration itself shows about a control: evidence read from the database
 * (purposes, consent records, keys) beside what the officer wrote.
 */
import { eq, gte, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { consentDaily, purposes } from "@/db/schema";
import type { ObligationKey } from "./schema";

export type ConfigEvidence = {
  ok: boolean;
  message: string;
  values: Record<string, string | number>;
};

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
  const since = new Date(Date.parse(`${today}T00:00:00Z`) - 90 * 86_400_000)
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
    .where(gte(consentDaily.day, since));
  const withoutCategories = active.filter((p) => p.dataCategories.length === 0).map((p) => p.key);
  const sensitiveWithoutConsent = active
    .filter((p) => p.involvesSensitiveData && p.legalBasis !== "consent")
    .map((p) => p.key);
  const consentWithoutText = active
    .filter((p) => p.legalBasis === "consent" && p.customerDescription.trim() === "")
    .map((p) => p.key);
  const gpcEvents = Number(gpc?.events ?? 0);
  return {
    data_minimization: {
      ok: active.length > 0 && withoutCategories.length === 0,
      message: withoutCategories.length === 0 ? "minimizationOk" : "minimizationMissing",
      values: { purposes: active.length, missing: withoutCategories.join(", ") },
    },
    universal_opt_out: {
      ok: gpcEvents > 0,
      message: gpcEvents > 0 ? "gpcRecorded" : "gpcNone",
      values: { events: gpcEvents, last: gpc?.last ?? "" },
    },
    sensitive_opt_in: {
      ok: sensitiveWithoutConsent.length === 0,
      message:
        sensitiveWithoutConsent.length > 0
          ? "sensitiveMissing"
          : active.some((p) => p.involvesSensitiveData)
            ? "sensitiveOk"
            : "sensitiveNone",
      values: {
        purposes: active.filter((p) => p.involvesSensitiveData).length,
        missing: sensitiveWithoutConsent.join(", "),
      },
    },
    privacy_notice: {
      ok: active.length > 0 && consentWithoutText.length === 0,
      message: consentWithoutText.length === 0 ? "noticeOk" : "noticeMissing",
      values: {
        purposes: active.filter((p) => p.legalBasis === "consent").length,
        missing: consentWithoutText.join(", "),
      },
    },
  };
}
