import "server-only";
/**
 * What one customer's preference page shows and what saving it records. The page lists the
 * active purposes that rest on consent, grouped by functional area, with the customer's current
 * choice; a purpose whose customer-facing text changed since their last decision is marked, with
 * the fields that changed, in the customer's language (German texts fall back to English).
 * Saving records one consent event per purpose whose choice changed.
 */
import { randomUUID } from "node:crypto";
import { and, eq, gt, isNull, max } from "drizzle-orm";
import type { Db, Tx } from "@/db/connect";
import { consentEvents, dataSources, preferenceLinks, profiles, purposes } from "@/db/schema";
import type { Actor } from "@/lib/audit/record";
import { getSubjectConsents } from "@/lib/consent/history";
import { NotFoundError, RuleError } from "@/lib/errors";
import { createSource } from "@/lib/sources";
import { UNKNOWN_REGION } from "@/lib/profiles/schema";
import { storableRegion } from "@/lib/regions";
import {
  lockConsentSubjects,
  resolveConsentEvents,
  storeConsentEventsIn,
} from "@/lib/consent/ingest";
import { retryTransaction } from "@/lib/db-errors";
import { listPurposes, listPurposeVersions, type Purpose } from "@/lib/purposes";
import type { Locale } from "@/i18n/config";
import {
  customerFacingFields,
  customerTextsIn,
  diffPurposeSnapshots,
  missingGerman,
  titled,
  type TranslatedField,
  type PurposeField,
} from "@/lib/purposes/diff";
import type { PreferenceLink } from "./links";

/** The version of this page's notice, recorded on every event it sends. */
export const PREFERENCE_CENTER_VERSION = "preference-center-1";
/** The data source events from this page name, when the inventory has it. */
export const PREFERENCE_CENTER_SOURCE = "preference-center";

export type PreferenceChoice = "granted" | "denied" | "withdrawn" | null;

export type PreferencePurpose = Pick<
  Purpose,
  | "key"
  | "name"
  | "functionalArea"
  | "customerTitle"
  | "customerDescription"
  | "customerValue"
  | "dataCategories"
  | "retentionDays"
  | "involvesSale"
  | "involvesSensitiveData"
  | "version"
> & {
  /** The customer's latest decision, null when they never decided. */
  choice: PreferenceChoice;
  /** Ticked on the page: granted, unless Global Privacy Control asks for sale to start off. */
  ticked: boolean;
  /** Customer-facing fields changed since the version of their latest decision. */
  changed: PurposeField[];
  /** They allowed an older version, and this one needs their consent again. */
  reconsent: boolean;
  /** Texts shown in English on a German page (no German text yet): marked `lang="en"`. */
  inEnglish: TranslatedField[];
};

export type PreferencePage = {
  /** null: the page as a customer without any decision sees it (the admin's preview). */
  subjectId: string | null;
  /** The region of the customer's latest consent event, if they have one. */
  lastRegion: string | null;
  gpc: boolean;
  purposes: PreferencePurpose[];
};

export async function getPreferencePage(
  db: Db,
  subjectId: string | null,
  options: { gpc: boolean; locale?: Locale },
): Promise<PreferencePage> {
  const locale = options.locale ?? "en";
  const none = { current: [], history: [] };
  const [catalog, consents] = await Promise.all([
    listPurposes(db, { status: "active", legalBasis: "consent" }),
    subjectId === null
      ? none
      : getSubjectConsents(db, subjectId).catch((error: unknown) => {
          // A customer who never decided anything yet has no history: every choice is open.
          if (error instanceof NotFoundError) return none;
          throw error;
        }),
  ]);
  const current = new Map(consents.current.map((c) => [c.purpose, c]));
  // Decisions sent with Global Privacy Control on: a grant among them overrode the signal.
  const underGpc = new Set(consents.history.filter((e) => e.gpc).map((e) => e.eventId));
  const shown = await Promise.all(
    catalog.map(async (purpose): Promise<PreferencePurpose> => {
      // The customer's texts in their language (German falls back to English field by field);
      // "changed" compares what they read then with what they read now.
      const p = customerTextsIn(titled(purpose), locale);
      const decision = current.get(p.key);
      let changed: PurposeField[] = [];
      if (decision && decision.purposeVersion < p.version) {
        const versions = await listPurposeVersions(db, p.key);
        const then = versions.find((v) => v.version === decision.purposeVersion);
        if (then)
          changed = diffPurposeSnapshots(customerTextsIn(titled(then.purpose), locale), p)
            .map((c) => c.field)
            .filter((f) => (customerFacingFields as readonly string[]).includes(f));
      }
      const choice = decision?.state ?? null;
      const reconsent =
        choice === "granted" && decision!.purposeVersion < (p.reconsentFromVersion ?? 0);
      return {
        key: p.key,
        name: p.name,
        functionalArea: p.functionalArea,
        customerTitle: p.customerTitle,
        customerDescription: p.customerDescription,
        customerValue: p.customerValue,
        dataCategories: p.dataCategories,
        retentionDays: p.retentionDays,
        involvesSale: p.involvesSale,
        involvesSensitiveData: p.involvesSensitiveData,
        version: p.version,
        choice,
        ticked: isTicked(
          {
            choice,
            reconsent,
            involvesSale: p.involvesSale,
            grantedUnderGpc: !!decision && underGpc.has(decision.eventId),
          },
          options.gpc,
        ),
        changed,
        reconsent,
        inEnglish: locale === "de" ? missingGerman(titled(purpose)) : [],
      };
    }),
  );
  const lastRegion = consents.history.at(-1)?.region ?? null; // history runs oldest first
  return { subjectId, lastRegion, gpc: options.gpc, purposes: shown };
}

export type SaveOutcome =
  /** What was recorded, and the page as it stands after the save (to show without reading it). */
  | { saved: number; page: PreferencePage }
  /**
   * A purpose changed between showing and saving, or the browser's Global Privacy Control was
   * switched (`signalChanged`): nothing was stored; the page as it is now.
   */
  | { stale: string[]; signalChanged: boolean; page: PreferencePage }
  /** The link was revoked or expired after it was checked: nothing was stored. */
  | { gone: true };

/**
 * Whether a purpose starts ticked: granted, unless renewing is due or Global Privacy Control asks
 * for sale off. A grant the customer gave with the signal on is their choice over it (they
 * ticked the box the signal had unticked), and stays ticked: else their next save, from the
 * page that answered this one or any later, would withdraw it without their asking.
 */
const isTicked = (
  p: Pick<PreferencePurpose, "choice" | "reconsent" | "involvesSale"> & {
    grantedUnderGpc: boolean;
  },
  gpc: boolean,
) => p.choice === "granted" && !p.reconsent && !(gpc && p.involvesSale && !p.grantedUnderGpc);

/** A purpose as the page's form says it was shown: its version, and whether its box was ticked. */
export type ShownPurpose = { version: number; ticked?: boolean };

/**
 * Records the customer's choices: `granted` holds the keys ticked, `shown` each purpose as the
 * page showed it. One event per purpose whose choice differs from the current one (a purpose
 * never decided and left unticked records nothing), none for a purpose decided elsewhere since
 * the page was shown; all or nothing.
 */
export async function savePreferences(
  db: Db,
  link: PreferenceLink,
  form: {
    granted: ReadonlySet<string>;
    shown: ReadonlyMap<string, ShownPurpose>;
    /** Whether the page was shown under Global Privacy Control (forms since it was sent). */
    shownWithGpc?: boolean;
  },
  options: { gpc: boolean; now: Date; ip?: string; locale?: Locale },
): Promise<SaveOutcome> {
  // One transaction, under the customer's locks: a form sent twice at once (a double click, two
  // tabs) is saved once, since the second save waits and then finds the first one's choices.
  return retryTransaction(() =>
    db.transaction(async (tx) => {
      await lockConsentSubjects(tx, [link.subjectId]);
      // The link still works, and stays so until the save commits: a revocation (an update of
      // its row) waits for this save, or this save finds it revoked.
      const [working] = await tx
        .select({ id: preferenceLinks.id })
        .from(preferenceLinks)
        .where(
          and(
            eq(preferenceLinks.id, link.id),
            isNull(preferenceLinks.revokedAt),
            gt(preferenceLinks.expiresAt, options.now),
          ),
        )
        .for("share");
      if (!working) return { gone: true as const };
      // The purposes shown are held until the save commits: an edit (which locks its purpose's
      // row for update) waits, so the versions compared below are the versions recorded.
      await tx
        .select({ id: purposes.id })
        .from(purposes)
        .where(and(eq(purposes.status, "active"), eq(purposes.legalBasis, "consent")))
        .for("share");
      const page = await getPreferencePage(tx, link.subjectId, {
        gpc: options.gpc,
        locale: options.locale,
      });
      // When the browser's Global Privacy Control was switched on or off meanwhile, no sale
      // purpose's box is an answer either way: the customer was not shown the signal's notice
      // (or was shown it wrongly), whether or not the box would start otherwise now. They see
      // the page again as it stands, with the notice or without it.
      const signalChanged = form.shownWithGpc !== undefined && form.shownWithGpc !== options.gpc;
      const stale = page.purposes
        .filter((p) => {
          const shown = form.shown.get(p.key);
          if (!shown) return false;
          return shown.version !== p.version || (signalChanged && p.involvesSale);
        })
        .map((p) => p.key);
      const missing = page.purposes.filter((p) => !form.shown.has(p.key)).map((p) => p.key);
      if (stale.length > 0 || missing.length > 0)
        return {
          stale: [...stale, ...missing],
          signalChanged: signalChanged && page.purposes.some((p) => p.involvesSale),
          page,
        };

      // Ticked: a grant unless one on this version already holds (a grant on an older version
      // that needs renewing does not). Unticked: a withdrawal of any grant, renewed or not: the
      // customer was asked and did not confirm. A refusal left as it is records nothing.
      // A purpose decided elsewhere since the page was shown (another tab, an e-mail's link, the
      // app) no longer stands as the page showed it: the box the customer left as it was is no
      // answer to that decision, and the box they changed asks for what it already holds.
      const changes = page.purposes.flatMap(
        (p): { key: string; version: number; action: "grant" | "withdraw" }[] => {
          const showed = form.shown.get(p.key)!.ticked;
          if (showed !== undefined && showed !== p.ticked) return [];
          const wants = form.granted.has(p.key);
          const granted = p.choice === "granted";
          const change = { key: p.key, version: p.version };
          // A grant that holds, unless its box was shown unticked: the customer ticked it over
          // Global Privacy Control, and that choice is recorded (under the signal), so the page
          // keeps it ticked from now on.
          if (wants) return granted && p.ticked ? [] : [{ ...change, action: "grant" }];
          return granted ? [{ ...change, action: "withdraw" }] : [];
        },
      );
      if (changes.length === 0) return { saved: 0, page };

      await preferenceCenterSource(tx, options.now);
      const [stored, latest] = await Promise.all([
        // An event whose region was unknown (ZZ) says nothing: the profile's, if it knows one.
        page.lastRegion !== null && page.lastRegion !== UNKNOWN_REGION
          ? page.lastRegion
          : profileRegion(tx, link.subjectId),
        latestDecisions(tx, link.subjectId),
      ]);
      // As new events carry it: a code stored before it was replaced (UK) or refused (XX) must
      // not refuse the customer's choice.
      const region = storableRegion(stored);
      // The customer's choice is the one in force from now on: stamped now, or just after an
      // event stamped later (a sender's clock ahead of ours), which would otherwise stay current.
      const occurredAtOf = (key: string) =>
        new Date(Math.max(options.now.getTime(), (latest.get(key) ?? 0) + 1)).toISOString();
      // The ingest's limit on events stamped in the future is for senders' clocks; these stamps
      // are this page's own, each at most 1 ms past an event already stored.
      const latestStamp = Math.max(
        options.now.getTime(),
        ...changes.map((c) => Date.parse(occurredAtOf(c.key))),
      );
      const events = await resolveConsentEvents(
        tx,
        changes.map((c) => ({
          eventId: `pc-${randomUUID()}`,
          subjectId: link.subjectId,
          purpose: c.key,
          action: c.action,
          occurredAt: occurredAtOf(c.key),
          channel: "web",
          region,
          gpc: options.gpc,
          noticeVersion: PREFERENCE_CENTER_VERSION,
          source: PREFERENCE_CENTER_SOURCE,
        })),
        { now: new Date(latestStamp), gpcHeader: options.gpc },
      );
      // Each event on the version the customer was shown, not the one in force at `now` by
      // this server's clock: an edit saved by an instance whose clock runs ahead starts later.
      const actor: Actor = { type: "anonymous", label: "preference center", ip: options.ip };
      // resolveConsentEvents keeps its input's order, one event per change (none carries a
      // signal to expand).
      if (events.length !== changes.length) throw new Error("a change was not resolved");
      const result = await storeConsentEventsIn(
        tx,
        actor,
        events.map((e, i) => ({ ...e, purposeVersion: changes[i]!.version })),
        // Which link made the changes: what a privacy officer revoking a forwarded link looks for.
        { auditDetail: { preferenceLinkId: link.id, subjectId: link.subjectId } },
      );
      // The page after the save: each purpose saved now carries a decision on its current version.
      const decided = new Map(changes.map((c) => [c.key, c.action]));
      const after = page.purposes.map((p): PreferencePurpose => {
        const action = decided.get(p.key);
        if (!action) return p;
        const choice = action === "grant" ? "granted" : "withdrawn";
        const next = { ...p, choice, reconsent: false, changed: [] } satisfies PreferencePurpose;
        return {
          ...next,
          ticked: isTicked({ ...next, grantedUnderGpc: options.gpc }, options.gpc),
        };
      });
      return { saved: result.accepted, page: { ...page, lastRegion: region, purposes: after } };
    }),
  );
}

/** When the customer's latest event for each purpose happened, in ms since the epoch. */
async function latestDecisions(db: Db, subjectId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ key: purposes.key, at: max(consentEvents.occurredAt) })
    .from(consentEvents)
    .innerJoin(purposes, eq(purposes.id, consentEvents.purposeId))
    .where(eq(consentEvents.subjectId, subjectId))
    .groupBy(purposes.key);
  return new Map(rows.flatMap((r) => (r.at ? [[r.key, new Date(r.at).getTime()]] : [])));
}

/** A customer without consent events yet: their profile's region, else unknown. */
async function profileRegion(db: Db, subjectId: string): Promise<string> {
  const [profile] = await db
    .select({ region: profiles.region })
    .from(profiles)
    .where(eq(profiles.subjectId, subjectId));
  return profile?.region ?? UNKNOWN_REGION;
}

/**
 * The inventory's source of the preference center's events, put there by its first save when no
 * admin has: a zero-party source whose monthly volume (0) is the admin's to set, audited as the
 * preference center's doing. A save at the same moment on another instance finds it made.
 */
async function preferenceCenterSource(tx: Tx, at: Date): Promise<void> {
  const [found] = await tx
    .select({ id: dataSources.id })
    .from(dataSources)
    .where(eq(dataSources.key, PREFERENCE_CENTER_SOURCE));
  if (found) return;
  try {
    await createSource(
      tx,
      { type: "system", label: "preference center" },
      {
        key: PREFERENCE_CENTER_SOURCE,
        name: "Preference center",
        party: "zero",
        category: "preference_center",
        channel: "online",
        monthlyVolume: 0,
        activeFrom: at.toISOString().slice(0, 10),
        dataCategories: ["preferences"],
        notes: "Added by the preference center's first save; set its monthly volume.",
      },
      at,
    );
  } catch (error) {
    if (!(error instanceof RuleError)) throw error; // made meanwhile: the key is taken
  }
}
