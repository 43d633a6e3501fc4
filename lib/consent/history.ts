import "server-only";
/**
 * Proof of consent: one customer's full consent history with the purpose version in force at
 * each decision, the current state per purpose, and a receipt whose fields follow ISO/IEC TS
 * 27560 (who, which purpose and version, which data, on what legal basis, when, how it was
 * collected, where, and how to withdraw).
 */
import { createHash } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { consentEvents, dataSources, purposes, purposeVersions } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { NotFoundError } from "@/lib/errors";
import type { subjectConsentsResponse } from "@/lib/openapi/responses";
import type { z } from "zod";

type Snapshot = {
  name: string;
  legalBasis: string;
  dataCategories: string[];
  retentionDays: number;
  customerTitle: string;
  customerDescription: string;
  involvesSale: boolean;
  involvesSensitiveData: boolean;
};

/** The fields of an event a receipt lists, in the order it lists them. */
const receiptEventFields = [
  "eventId",
  "action",
  "occurredAt",
  "purposeVersion",
  "channel",
  "region",
  "gpc",
  "noticeVersion",
] as const;

function pick<T, K extends keyof T>(row: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, row[k]])) as Pick<T, K>;
}

/** One customer's history as GET /api/v1/subjects/{id}/consents answers it (documented). */
export type SubjectConsents = z.output<typeof subjectConsentsResponse>;
export type ConsentHistoryEntry = SubjectConsents["history"][number];
export type ConsentState = SubjectConsents["current"][number];

const stateOf = { grant: "granted", deny: "denied", withdraw: "withdrawn" } as const;

export async function getSubjectConsents(db: Db, subjectId: string): Promise<SubjectConsents> {
  const rows = await db
    .select({
      eventId: consentEvents.eventId,
      purpose: purposes.key,
      purposeName: purposes.name,
      purposeVersion: consentEvents.purposeVersion,
      action: consentEvents.action,
      occurredAt: consentEvents.occurredAt,
      receivedAt: consentEvents.receivedAt,
      channel: consentEvents.channel,
      region: consentEvents.region,
      gpc: consentEvents.gpc,
      noticeVersion: consentEvents.noticeVersion,
      source: dataSources.key,
      snapshot: purposeVersions.snapshot,
    })
    .from(consentEvents)
    .innerJoin(purposes, eq(purposes.id, consentEvents.purposeId))
    .leftJoin(dataSources, eq(dataSources.id, consentEvents.sourceId))
    .leftJoin(
      purposeVersions,
      and(
        eq(purposeVersions.purposeId, consentEvents.purposeId),
        eq(purposeVersions.version, consentEvents.purposeVersion),
      ),
    )
    .where(eq(consentEvents.subjectId, subjectId))
    .orderBy(asc(consentEvents.occurredAt), asc(consentEvents.eventId));
  if (rows.length === 0) throw new NotFoundError("No consent events are recorded for this subject");

  const history: ConsentHistoryEntry[] = rows.map((r) => {
    const snap = r.snapshot as Snapshot | null;
    return {
      eventId: r.eventId,
      purpose: r.purpose,
      purposeName: snap?.name ?? r.purposeName,
      purposeVersion: r.purposeVersion,
      action: r.action,
      occurredAt: r.occurredAt.toISOString(),
      receivedAt: r.receivedAt.toISOString(),
      channel: r.channel,
      region: r.region,
      gpc: r.gpc,
      noticeVersion: r.noticeVersion,
      source: r.source,
      legalBasis: snap?.legalBasis ?? null,
      dataCategories: snap?.dataCategories ?? [],
    };
  });
  const latest = new Map<string, ConsentHistoryEntry>();
  for (const e of history) latest.set(e.purpose, e); // ordered by occurredAt, eventId: the last one wins
  const current = [...latest.values()]
    .map((e) => ({
      purpose: e.purpose,
      purposeName: e.purposeName,
      state: stateOf[e.action],
      since: e.occurredAt,
      purposeVersion: e.purposeVersion,
      eventId: e.eventId,
    }))
    .sort((a, b) => a.purpose.localeCompare(b.purpose));
  return { subjectId, current, history };
}

/** A consent receipt (fields after ISO/IEC TS 27560) for everything recorded about a subject. */
export async function buildConsentReceipt(db: Db, subjectId: string, issuedAt: Date) {
  const { current, history } = await getSubjectConsents(db, subjectId);
  const versions = await db
    .select({
      key: purposes.key,
      version: purposeVersions.version,
      snapshot: purposeVersions.snapshot,
    })
    .from(purposeVersions)
    .innerJoin(purposes, eq(purposes.id, purposeVersions.purposeId));
  const snapshotOf = (key: string, version: number) =>
    versions.find((v) => v.key === key && v.version === version)?.snapshot as Snapshot | undefined;
  const receiptId = createHash("sha256")
    .update(`${subjectId}\n${history.map((h) => h.eventId).join("\n")}`)
    .digest("hex")
    .slice(0, 32);
  return {
    schema: "firstparty-consent-receipt/1 (fields after ISO/IEC TS 27560:2023)",
    receiptId,
    issuedAt: issuedAt.toISOString(),
    dataSubject: { id: subjectId, idType: "pseudonymous identifier" },
    consents: current.map((c) => {
      const purpose = snapshotOf(c.purpose, c.purposeVersion);
      const events = history.filter((h) => h.purpose === c.purpose);
      const last = events.at(-1)!;
      return {
        purpose: {
          key: c.purpose,
          version: c.purposeVersion,
          title: purpose?.customerTitle || c.purposeName,
          description: purpose?.customerDescription ?? "",
          legalBasis: purpose?.legalBasis ?? null,
          dataCategories: purpose?.dataCategories ?? [],
          retentionDays: purpose?.retentionDays ?? null,
          involvesSale: purpose?.involvesSale ?? null,
          involvesSensitiveData: purpose?.involvesSensitiveData ?? null,
        },
        state: c.state,
        decidedAt: c.since,
        collection: {
          method: last.channel,
          region: last.region,
          source: last.source,
          noticeVersion: last.noticeVersion,
          globalPrivacyControl: last.gpc,
        },
        withdrawal: {
          withdrawn: c.state === "withdrawn",
          withdrawnAt: c.state === "withdrawn" ? c.since : null,
          howToWithdraw:
            "Send a withdraw decision for this purpose through any channel; it takes effect from its time.",
        },
        events: events.map((e) => pick(e, receiptEventFields)),
      };
    }),
  };
}

/**
 * Reading one customer's consent history is reading personal data: every lookup (page, API,
 * receipt) writes an audit event naming who looked, at whom and how, found or not. The event is
 * written before the data is returned, so no lookup goes unrecorded.
 */
export async function auditedSubjectRead<T>(
  db: Db,
  actor: Actor,
  subjectId: string,
  via: "page" | "api" | "receipt",
  read: () => Promise<T>,
): Promise<T> {
  let found = true;
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotFoundError) found = false;
    throw error;
  } finally {
    await recordAudit(db, actor, {
      action: "subject.consents_read",
      entityType: "subject",
      entityId: subjectId,
      detail: { via, found },
    });
  }
}
