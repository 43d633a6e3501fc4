import "server-only";
/**
 * The laws as /laws and GET /api/v1/laws show them: each law with its phases and obligations,
 * its status on a day, readiness and cure period.
 */
import { asc } from "drizzle-orm";
import type { Db, Tx } from "@/db/connect";
import { controls, lawObligations, lawPhases, laws } from "@/db/schema";
import {
  cureOn,
  isAtRisk,
  isDone,
  lawStatusOn,
  nextMilestone,
  obligationsFrom,
  readiness,
  readinessOn,
  daysUntil,
  type CureState,
  type LawStatusNow,
} from "./model";
import { obligationKeys, type ControlStatus, type ObligationKey, type SourceKind } from "./schema";

export type LawObligationView = {
  key: ObligationKey;
  appliesFrom: string | null;
  note: string;
  noteDe: string;
  status: ControlStatus;
};

export { matchesLawFilter } from "./model";

export type LawView = {
  id: string;
  name: string;
  nameDe: string;
  shortName: string;
  shortNameDe: string;
  jurisdictions: string[];
  effectiveDate: string;
  phases: { date: string; label: string; labelDe: string }[];
  legalStatus: "enacted" | "in_force" | "amended" | "repealed";
  status: LawStatusNow;
  /** In force, but none of its obligations applies yet: the day the first one starts. */
  obligationsFrom: string | null;
  /** Preparation: done obligations ÷ all of the law's obligations, whenever they start. */
  readiness: number | null;
  /** Done obligations ÷ the obligations that already apply today (null when none does). */
  readinessNow: number | null;
  /** An obligation starts within 180 days and its control is not done. */
  atRisk: boolean;
  /** An obligation that already applies is not done: a compliance gap today. */
  notReady: boolean;
  /** Obligations whose control is not done, whenever they start (readiness's complement). */
  openObligations: number;
  next: { date: string; label: string | null; labelDe: string | null; days: number } | null;
  sourceUrl: string | null;
  sources: { url: string; title: string; kind: SourceKind }[];
  reviewedOn: string | null;
  /** Days to cure while a cure period applies today (null once it has ended). */
  curePeriodDays: number | null;
  cure: CureState;
  custom: boolean;
  notes: string;
  notesDe: string;
  obligations: LawObligationView[];
};

export type ControlView = {
  key: ObligationKey;
  name: string;
  status: ControlStatus;
  owner: string;
  evidence: string;
  dueDate: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
  /** Laws (short names) that impose this obligation. */
  laws: string[];
};

async function controlStatuses(db: Db | Tx): Promise<Map<string, ControlStatus>> {
  const rows = await db
    .select({ key: controls.obligationKey, status: controls.status })
    .from(controls);
  return new Map(rows.map((r) => [r.key, r.status]));
}

/** Every law with its phases, obligations, status relative to `today` and readiness. */
export async function listLaws(db: Db, today: string): Promise<LawView[]> {
  const [lawRows, phaseRows, obligationRows, statuses] = await Promise.all([
    db.select().from(laws).orderBy(asc(laws.effectiveDate), asc(laws.shortName)),
    db.select().from(lawPhases).orderBy(asc(lawPhases.date)),
    db.select().from(lawObligations),
    controlStatuses(db),
  ]);
  const order = new Map(obligationKeys.map((k, i) => [k as string, i]));
  return lawRows.map((law) => {
    const phases = phaseRows
      .filter((p) => p.lawId === law.id)
      .map((p) => ({ date: p.date, label: p.label, labelDe: p.labelDe }));
    const lawObligationRows = obligationRows
      .filter((o) => o.lawId === law.id)
      .sort((a, b) => (order.get(a.obligationKey) ?? 99) - (order.get(b.obligationKey) ?? 99))
      .map((o) => ({
        key: o.obligationKey as ObligationKey,
        appliesFrom: o.appliesFrom,
        note: o.note,
        noteDe: o.noteDe,
        status: statuses.get(o.obligationKey) ?? "not_started",
      }));
    const dates = { effectiveDate: law.effectiveDate, status: law.status, phases };
    const ready = readiness(
      lawObligationRows.map((o) => o.key),
      statuses,
    );
    const readyNow = readinessOn(dates, lawObligationRows, statuses, today);
    const next = nextMilestone(dates, today);
    const cure = cureOn(law, today);
    return {
      id: law.id,
      name: law.name,
      nameDe: law.nameDe,
      shortName: law.shortName,
      shortNameDe: law.shortNameDe,
      jurisdictions: law.jurisdictions,
      effectiveDate: law.effectiveDate,
      phases,
      legalStatus: law.status,
      status: lawStatusOn(dates, today),
      obligationsFrom: obligationsFrom(dates, lawObligationRows, today),
      readiness: ready,
      readinessNow: readyNow,
      atRisk: isAtRisk(
        dates,
        lawObligationRows.map((o) => ({ appliesFrom: o.appliesFrom, done: isDone(o.status) })),
        today,
      ),
      notReady: readyNow !== null && readyNow < 1,
      openObligations: lawObligationRows.filter((o) => !isDone(o.status)).length,
      next: next ? { ...next, days: daysUntil(next.date, today) } : null,
      sourceUrl: law.sourceUrl,
      sources: law.sources as LawView["sources"],
      reviewedOn: law.reviewedOn,
      curePeriodDays: cure.days,
      cure,
      custom: law.custom,
      notes: law.notes,
      notesDe: law.notesDe,
      obligations: lawObligationRows,
    };
  });
}

export async function getLaw(db: Db, id: string, today = "9999-12-31") {
  return (await listLaws(db, today)).find((l) => l.id === id);
}
