import "server-only";
/**
 * The law catalog in the database: the shipped catalog (data/laws.json) kept in sync, the
 * company's controls per obligation, its own laws and internal deadlines, and the views /laws
 * and GET /api/v1/laws read. Every change is one transaction with its audit event.
 */
import { createHash } from "node:crypto";
import { and, asc, eq, gte, inArray, sql } from "drizzle-orm";
import shipped from "@/data/laws.json";
import type { Db, Tx } from "@/db/connect";
import {
  consentDaily,
  controls,
  internalDeadlines,
  lawObligations,
  lawPhases,
  laws,
  obligations,
  profiles,
  purposes,
  settings,
} from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { NotFoundError } from "@/lib/errors";
import {
  cureOn,
  customerCoverage,
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
import {
  controlInputSchema,
  customLawSchema,
  deadlineInputSchema,
  lawCatalogSchema,
  obligationKeys,
  type ControlStatus,
  type LawCatalog,
  type ObligationKey,
  type SourceKind,
} from "./schema";

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
        shortName: law.shortName,
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
  shortName: string;
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
  next: { date: string; label: string | null; days: number } | null;
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
      shortName: law.shortName,
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

/** The company's control for each obligation of the fixed catalog (not started when unset). */
export async function listControls(db: Db): Promise<ControlView[]> {
  const [rows, links, lawRows] = await Promise.all([
    db.select().from(controls),
    db.select().from(lawObligations),
    db.select({ id: laws.id, shortName: laws.shortName }).from(laws),
  ]);
  const names = new Map(lawRows.map((l) => [l.id, l.shortName]));
  return obligationKeys.map((key) => {
    const row = rows.find((r) => r.obligationKey === key);
    return {
      key,
      name: obligationNames[key],
      status: row?.status ?? "not_started",
      owner: row?.owner ?? "",
      evidence: row?.evidence ?? "",
      dueDate: row?.dueDate ?? null,
      updatedAt: row?.updatedAt.toISOString() ?? null,
      updatedBy: row?.updatedBy ?? null,
      laws: links
        .filter((l) => l.obligationKey === key)
        .map((l) => names.get(l.lawId) ?? l.lawId)
        .sort(),
    };
  });
}

export function isObligationKey(key: string): key is ObligationKey {
  return (obligationKeys as readonly string[]).includes(key);
}

/** Sets the company's control for one obligation; audited with before and after. */
export async function setControl(
  db: Db,
  actor: Actor,
  key: string,
  input: unknown,
): Promise<ControlView> {
  if (!isObligationKey(key)) throw new NotFoundError(`No obligation ${key}`);
  const data = controlInputSchema.parse(input);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(controls)
      .where(eq(controls.obligationKey, key))
      .for("update");
    const values = { ...data, updatedAt: new Date(), updatedBy: actor.label };
    await tx
      .insert(controls)
      .values({ obligationKey: key, ...values })
      .onConflictDoUpdate({ target: controls.obligationKey, set: values });
    await recordAudit(tx, actor, {
      action: "control.update",
      entityType: "control",
      entityId: key,
      before: before
        ? {
            status: before.status,
            owner: before.owner,
            evidence: before.evidence,
            dueDate: before.dueDate,
          }
        : null,
      after: data,
    });
  });
  const all = await listControls(db);
  return all.find((c) => c.key === key)!;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "law"
  );
}

/** A law the company tracks that is not in the shipped catalog; its id starts with `own-`. */
export async function createCustomLaw(db: Db, actor: Actor, input: unknown): Promise<LawView> {
  const data = customLawSchema.parse(input);
  const id = await db.transaction(async (tx) => {
    const base = `own-${slug(data.shortName)}`;
    // One writer at a time per name, and the first free id: own-x, own-x-2, own-x-3, …
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`firstparty:law:${base}`}))`);
    const taken = new Set(
      (
        await tx
          .select({ id: laws.id })
          .from(laws)
          .where(sql`${laws.id} = ${base} or ${laws.id} like ${`${base}-%`}`)
      ).map((r) => r.id),
    );
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    await tx.insert(laws).values({
      id,
      name: data.name,
      shortName: data.shortName,
      jurisdictions: data.jurisdictions,
      effectiveDate: data.effectiveDate,
      status: "enacted",
      sourceUrl: data.sourceUrl || null,
      custom: true,
      notes: data.notes,
    });
    await tx
      .insert(lawObligations)
      .values(data.obligations.map((key) => ({ lawId: id, obligationKey: key })));
    await recordAudit(tx, actor, {
      action: "law.create",
      entityType: "law",
      entityId: id,
      after: data,
    });
    return id;
  });
  return (await getLaw(db, id))!;
}

export async function getLaw(db: Db, id: string, today = "9999-12-31") {
  return (await listLaws(db, today)).find((l) => l.id === id);
}

export type Deadline = {
  id: string;
  title: string;
  date: string;
  lawId: string | null;
  notes: string;
  createdAt: string;
};

export async function listDeadlines(db: Db, from?: string): Promise<Deadline[]> {
  const rows = await db
    .select()
    .from(internalDeadlines)
    .where(from ? gte(internalDeadlines.date, from) : undefined)
    .orderBy(asc(internalDeadlines.date));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    date: r.date,
    lawId: r.lawId,
    notes: r.notes,
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function addDeadline(db: Db, actor: Actor, input: unknown): Promise<Deadline> {
  const data = deadlineInputSchema.parse(input);
  return db.transaction(async (tx) => {
    if (data.lawId) {
      const [law] = await tx.select({ id: laws.id }).from(laws).where(eq(laws.id, data.lawId));
      if (!law) {
        throw new (await import("@/lib/errors")).RuleError("Unknown law", [
          { path: "lawId", message: "validation.lawUnknown" },
        ]);
      }
    }
    const [row] = await tx
      .insert(internalDeadlines)
      .values({ ...data, createdBy: actor.type === "user" ? actor.id : null })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const deadline = {
      id: row.id,
      title: row.title,
      date: row.date,
      lawId: row.lawId,
      notes: row.notes,
      createdAt: row.createdAt.toISOString(),
    };
    await recordAudit(tx, actor, {
      action: "deadline.create",
      entityType: "internal_deadline",
      entityId: row.id,
      after: deadline,
    });
    return deadline;
  });
}

export async function deleteDeadline(db: Db, actor: Actor, id: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError("No such deadline");
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(internalDeadlines)
      .where(eq(internalDeadlines.id, id))
      .returning();
    if (!row) throw new NotFoundError("No such deadline");
    await recordAudit(tx, actor, {
      action: "deadline.delete",
      entityType: "internal_deadline",
      entityId: id,
      before: { title: row.title, date: row.date, lawId: row.lawId, notes: row.notes },
    });
  });
}

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

/** Customer coverage from the profiles' regions (one grouped read) and the laws. */
export async function getCoverage(db: Db, today: string, lawList?: LawView[]) {
  const rows = await db
    .select({ region: profiles.region, n: sql<string>`count(*)::text` })
    .from(profiles)
    .groupBy(profiles.region);
  const regions = new Map(rows.map((r) => [r.region, Number(r.n)]));
  const list = lawList ?? (await listLaws(db, today));
  return customerCoverage(
    regions,
    list.map((l) => ({
      id: l.id,
      shortName: l.shortName,
      jurisdictions: l.jurisdictions,
      effectiveDate: l.effectiveDate,
      status: l.legalStatus,
      phases: l.phases,
    })),
    today,
  );
}

export { and, inArray };
