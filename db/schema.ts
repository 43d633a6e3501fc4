/**
 * The whole Firstparty schema. Column names are camelCase here and snake_case in SQL
 * (drizzle `casing: "snake_case"`). Event tables (consent events, profiles and their parts)
 * carry `subject_id` so they can be distributed by it (Citus); catalogs are small reference
 * tables. Consent and audit events are append-only: a trigger in the migrations rejects
 * UPDATE and DELETE on them.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

import {
  apiKeyScopeValues,
  consentChannelValues,
  controlStatusValues,
  dataCategoryValues,
  functionalAreaValues,
  legalBasisValues,
  partyValues,
  purposeStatusValues,
  roleValues,
  sourceChannelValues,
} from "./enums";
import { consentModeSignalValues } from "./consent-mode";

/** A count kept up to date by the writers, zero until something is counted. */
const counter = () => integer().notNull().default(0);

/** Decided and granted (the rate's two terms), kept by every consent rollup. */
const rateCounts = () => ({ decided: counter(), granted: counter() });

/** The rate's terms and the events behind them, kept by the daily consent rollups. */
const consentCounts = () => ({
  ...rateCounts(),
  grants: counter(),
  denies: counter(),
  withdrawals: counter(),
  gpcEvents: counter(),
});

/** A required reference to a purpose, by its id. */
const purposeRef = () =>
  uuid()
    .notNull()
    .references(() => purposes.id);

/** A required reference to a profile, by its subject id. */
const subjectRef = () =>
  text()
    .notNull()
    .references(() => profiles.subjectId);

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

// ── people and access ──────────────────────────────────────────────────────────

export const roleEnum = pgEnum("role", roleValues);

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text().notNull().default(""),
    role: roleEnum().notNull(),
    /** argon2id PHC string; null for users who only sign in through OIDC or have not set one. */
    passwordHash: text(),
    disabled: boolean().notNull().default(false),
    /**
     * Carried in the session token and compared on every request: a password change, a reset,
     * disabling or re-enabling bumps it, so every token issued before stops working.
     */
    sessionVersion: integer().notNull().default(0),
    /** Invited users and users whose password an admin reset must set their own first. */
    mustChangePassword: boolean().notNull().default(false),
    /** The OpenID provider's `sub`, bound at the first single sign-on; later ones must match. */
    oidcSubject: text().unique(),
    lastSignInAt: timestamp({ withTimezone: true }),
    /**
     * The language the user last signed in with or chose in the app (`en`, `de`): the one their
     * password mails are written in. Null until then.
     */
    locale: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`)],
);

/**
 * Sessions ended before their token expired: a sign-out. Session tokens are signed JWTs kept by
 * the browser, so a copy of one would otherwise go on working; the guard refuses a token whose
 * id is here. A row is needed only while its token could still be used (`expiresAt`, 12 hours
 * after the sign-in), and is deleted after.
 */
export const endedSessions = pgTable(
  "ended_sessions",
  {
    sessionId: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    endedAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index("ended_sessions_expires_at_idx").on(t.expiresAt),
    check("ended_sessions_id_length", sql`length(${t.sessionId}) <= 64`),
  ],
);

export const passwordTokenPurposeEnum = pgEnum("password_token_purpose", ["setup", "reset"]);

/**
 * One-time links to set a password (the first admin, invitations, admin resets). Only the
 * SHA-256 of the token is stored; a token works once and until `expiresAt`.
 */
export const passwordTokens = pgTable(
  "password_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text().notNull().unique(),
    purpose: passwordTokenPurposeEnum().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("password_tokens_user_idx").on(t.userId)],
);

/**
 * Links that open one customer's preference page without a sign-in: a 256-bit random token of
 * which only the SHA-256 is kept, valid until expiresAt unless revoked before. The customer's id
 * never appears in it.
 */
export const preferenceLinks = pgTable(
  "preference_links",
  {
    id: uuid().primaryKey().defaultRandom(),
    tokenHash: text().notNull().unique(),
    subjectId: text().notNull(),
    /** The page's language when the link names one; otherwise the browser's. */
    locale: text(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    /** Set when a privacy officer, an admin or a key revoked the link: it opens nothing after. */
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("preference_links_subject_idx").on(t.subjectId)],
);

/**
 * `view`: a browser opened the page; `save`: the page's form was sent; `fetch`: the page was
 * fetched by something else (a mail scanner or link checker following the link before the
 * customer does), which the funnel does not count as a view.
 */
export const preferencePageActionEnum = pgEnum("preference_page_action", ["view", "save", "fetch"]);

/**
 * Append-only: each time a customer's preference page was shown or saved, and which purposes it
 * showed. The preference-center funnel counts these (and the consent events the saves recorded).
 */
export const preferencePageVisits = pgTable(
  "preference_page_visits",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    linkId: uuid()
      .notNull()
      .references(() => preferenceLinks.id, { onDelete: "cascade" }),
    action: preferencePageActionEnum().notNull(),
    purposeKeys: text().array().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("preference_page_visits_at_idx").on(t.at),
    // A link's recent visits: the page's throttle per link counts them.
    index("preference_page_visits_link_at_idx").on(t.linkId, t.at),
  ],
);

export const apiKeyScopeEnum = pgEnum("api_key_scope", apiKeyScopeValues);

export const apiKeys = pgTable("api_keys", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  /** The first characters of the key, shown in lists so people can tell keys apart. */
  prefix: text().notNull(),
  /** SHA-256 of the whole key (keys are 256-bit random, so a fast hash is enough). */
  keyHash: text().notNull().unique(),
  scopes: apiKeyScopeEnum().array().notNull(),
  /** The key's owner: it stops working while this user is disabled or lacks the scopes' role. */
  createdBy: uuid().references(() => users.id),
  /**
   * The key this one was made with (null when a signed-in admin made it): revoking a key
   * revokes every key made with it, and theirs, so a leaked key cannot leave heirs behind.
   */
  createdByKey: uuid().references((): AnyPgColumn => apiKeys.id),
  createdAt: createdAt(),
  /** Optional: the key stops working at this moment. */
  expiresAt: timestamp({ withTimezone: true }),
  lastUsedAt: timestamp({ withTimezone: true }),
  revokedAt: timestamp({ withTimezone: true }),
});

export const actorTypeEnum = pgEnum("actor_type", ["user", "api_key", "system", "anonymous"]);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorType: actorTypeEnum().notNull(),
    actorId: text(),
    /** Email or key name at the time, so the trail stays readable after renames. */
    actorLabel: text().notNull(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    before: jsonb(),
    after: jsonb(),
    ip: text(),
    detail: jsonb(),
  },
  (t) => [
    index("audit_events_occurred_at_idx").on(t.occurredAt),
    index("audit_events_entity_idx").on(t.entityType, t.entityId),
    index("audit_events_actor_idx").on(t.actorId),
    // An account's sign-ins, newest first: the addresses it signed in from (lib/auth/sign-in).
    index("audit_events_sign_in_idx")
      .on(t.entityId, t.occurredAt.desc())
      .where(sql`action = 'auth.sign_in'`),
  ],
);

/**
 * One row whose `version` moves after every committed change to what dashboards' figures are
 * made of (ingestion, imports, catalog edits, settings): the shared figures are kept under it
 * (lib/figures-cache). A change moves it once committed, in a statement of its own, so a reader
 * that sees the new version sees the change, and writers hardly wait for each other.
 */
export const figuresVersion = pgTable(
  "figures_version",
  {
    id: smallint().primaryKey(),
    version: bigint({ mode: "number" }).notNull(),
  },
  (t) => [check("figures_version_one_row", sql`${t.id} = 1`)],
);

/** Fixed-window counters shared by every app instance (sign-in throttling and the like). */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text().primaryKey(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    count: integer().notNull(),
    /** When the window ends; expired rows are deleted (see lib/auth/rate-limit.ts). */
    expiresAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("rate_limits_expires_at_idx").on(t.expiresAt),
    check("rate_limits_key_length", sql`length(${t.key}) <= 200`),
  ],
);

/** Small instance-wide settings (phase-out target, completeness weights, …) as JSON. */
export const settings = pgTable("settings", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedAt: updatedAt(),
});

/**
 * Every message a Segment-compatible source delivered, by its messageId: a retried batch stores
 * nothing twice, and the admin page counts what arrived by type.
 */
export const segmentMessages = pgTable(
  "segment_messages",
  {
    messageId: text().primaryKey(),
    type: text().notNull(),
    /** A track call's event name. */
    event: text(),
    /** Why the message was refused (nothing of it stored), in English; null when it was used. */
    error: text(),
    /**
     * The same reasons as the catalog says them (`{ field?, said }` or `{ field?, message }` with
     * a validation key), for the admin page in the reader's language; null before they were kept.
     */
    reasons: jsonb(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("segment_messages_received_at_idx").on(t.receivedAt)],
);

// ── purposes ───────────────────────────────────────────────────────────────────

export const functionalAreaEnum = pgEnum("functional_area", functionalAreaValues);
export const legalBasisEnum = pgEnum("legal_basis", legalBasisValues);
export const purposeStatusEnum = pgEnum("purpose_status", purposeStatusValues);

/** The fixed list of data categories a purpose may need or a source may collect. */
export { dataCategoryValues };
export type { DataCategory } from "./enums";

export const purposes = pgTable(
  "purposes",
  {
    id: uuid().primaryKey().defaultRandom(),
    key: text().notNull().unique(),
    name: text().notNull(),
    description: text().notNull().default(""),
    functionalArea: functionalAreaEnum().notNull(),
    legalBasis: legalBasisEnum().notNull(),
    customerTitle: text().notNull().default(""),
    customerDescription: text().notNull().default(""),
    customerValue: text().notNull().default(""),
    /** The customer fields in German; empty: the preference page shows the English one. */
    customerTitleDe: text().notNull().default(""),
    /** The purpose's name on German dashboards (the name itself when empty). */
    nameDe: text().notNull().default(""),
    customerDescriptionDe: text().notNull().default(""),
    customerValueDe: text().notNull().default(""),
    dataCategories: text({ enum: dataCategoryValues })
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    retentionDays: integer().notNull(),
    involvesSale: boolean().notNull().default(false),
    involvesSensitiveData: boolean().notNull().default(false),
    /**
     * What consent platforms call this purpose: IAB TCF v2.2 purposes (1–11), Google Consent
     * Mode signals and Segment consent categories. An event carrying a TC string, Consent Mode
     * signals or Segment preferences becomes a decision on each purpose that lists some.
     */
    tcfPurposes: integer()
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    consentModeSignals: text({ enum: consentModeSignalValues })
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    segmentCategories: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    status: purposeStatusEnum().notNull().default("draft"),
    version: integer().notNull().default(1),
    /**
     * Set when an edit needed fresh consent: the preference page asks customers whose grant was
     * given to an older version again. Their grants still count in the rates and the reach until
     * they decide (docs/metrics.md); the consent dashboard counts them apart.
     */
    reconsentFromVersion: integer(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check("purposes_retention_days_range", sql`${t.retentionDays} between 1 and 3650`)],
);

/** Every version of a purpose as it was, from `validFrom` until the next version. */
export const purposeVersions = pgTable(
  "purpose_versions",
  {
    purposeId: purposeRef(),
    version: integer().notNull(),
    snapshot: jsonb().notNull(),
    validFrom: timestamp({ withTimezone: true }).notNull().defaultNow(),
    changedBy: text(),
  },
  (t) => [primaryKey({ columns: [t.purposeId, t.version] })],
);

// ── data sources ───────────────────────────────────────────────────────────────

export const partyEnum = pgEnum("party", partyValues);
export const sourceChannelEnum = pgEnum("source_channel", sourceChannelValues);

export const dataSources = pgTable("data_sources", {
  id: uuid().primaryKey().defaultRandom(),
  key: text().notNull().unique(),
  name: text().notNull(),
  party: partyEnum().notNull(),
  category: text().notNull(),
  channel: sourceChannelEnum().notNull(),
  dataCategories: text({ enum: dataCategoryValues })
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  monthlyVolume: bigint({ mode: "number" }).notNull().default(0),
  cookieBased: boolean().notNull().default(false),
  activeFrom: date({ mode: "string" }).notNull(),
  retiredAt: date({ mode: "string" }),
  ownerTeam: text().notNull().default(""),
  notes: text().notNull().default(""),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const dataSourcePurposes = pgTable(
  "data_source_purposes",
  {
    sourceId: uuid()
      .notNull()
      .references(() => dataSources.id),
    purposeId: purposeRef(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.purposeId] })],
);

// ── consent events ─────────────────────────────────────────────────────────────

export const consentActionEnum = pgEnum("consent_action", ["grant", "deny", "withdraw"]);
export const consentChannelEnum = pgEnum("consent_channel", consentChannelValues);

export const consentEvents = pgTable(
  "consent_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    /**
     * The client's idempotency key: a repeated eventId is counted, never stored twice. Collated
     * "C" (migration 0035, which drizzle does not express): same-instant decisions are ordered
     * by it in byte order on every database.
     */
    eventId: text().notNull().unique(),
    subjectId: text().notNull(),
    purposeId: purposeRef(),
    purposeVersion: integer().notNull(),
    action: consentActionEnum().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    channel: consentChannelEnum().notNull(),
    region: text().notNull(),
    gpc: boolean().notNull().default(false),
    noticeVersion: text(),
    sourceId: uuid().references(() => dataSources.id),
  },
  (t) => [index("consent_events_subject_purpose_idx").on(t.subjectId, t.purposeId, t.occurredAt)],
);

/**
 * Daily rollup of consent, kept up to date in the transaction that stores the events. For each
 * (purpose, UTC day, region, channel) it holds how many subjects' current decision starts
 * (+1) or stops (−1) counting that day — `decided` for any decision, `granted` for a grant —
 * attributed to the region and channel of the event that made the decision; a running sum over
 * days gives the exact consent rate as of the end of any day. Also the day's event counts.
 * Like every table of counters updated in place, its pages are filled to a quarter (migration
 * 0038: drizzle's schema does not hold table settings, so a new counter table needs the same in
 * its migration; lib/consent/rollup-pages.int.test.ts lists them).
 */
export const consentRollups = pgTable(
  "consent_rollups",
  {
    purposeId: purposeRef(),
    day: date({ mode: "string" }).notNull(),
    region: text().notNull(),
    channel: consentChannelEnum().notNull(),
    ...consentCounts(),
  },
  (t) => [
    primaryKey({ columns: [t.purposeId, t.day, t.region, t.channel] }),
    index("consent_rollups_day_idx").on(t.day),
    // Region and channel views read only their own rows of the range.
    index("consent_rollups_region_idx").on(t.region, t.purposeId, t.day),
    index("consent_rollups_channel_idx").on(t.channel, t.purposeId, t.day),
  ],
);

/** consent_rollups summed over regions and channels: what unfiltered dashboards read. */
export const consentDaily = pgTable(
  "consent_daily",
  {
    purposeId: purposeRef(),
    day: date({ mode: "string" }).notNull(),
    ...consentCounts(),
  },
  (t) => [primaryKey({ columns: [t.purposeId, t.day] })],
);

/**
 * All-time totals of consent_rollups' deltas per (purpose, region, channel): the state as of
 * now. The dashboards subtract the (few) recent daily rows instead of adding up all history.
 */
export const consentTotals = pgTable(
  "consent_totals",
  {
    purposeId: purposeRef(),
    region: text().notNull(),
    channel: consentChannelEnum().notNull(),
    ...rateCounts(),
  },
  (t) => [primaryKey({ columns: [t.purposeId, t.region, t.channel] })],
);

// ── profiles ───────────────────────────────────────────────────────────────────

export const profiles = pgTable(
  "profiles",
  {
    subjectId: text().primaryKey(),
    region: text().notNull(),
    /** Weighted share of key attributes present, 0..1, computed when the profile is written. */
    completeness: real().notNull().default(0),
    groupsPresent: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    is360: boolean().notNull().default(false),
    identifierTypes: counter(),
    /**
     * Completeness and groups present per view (`all` and each source party), as last counted
     * into profile_summary; a rewrite subtracts exactly this before adding the new values.
     */
    derived: jsonb().notNull().default({}),
    /** The completeness model version the score was computed with. */
    modelVersion: counter(),
    /**
     * The person this profile belongs to (lib/identity/resolve): the smallest subject id of the
     * profiles linked to it through shared identifiers; its own subject id when it stands alone.
     */
    personId: text().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("profiles_region_idx").on(t.region),
    index("profiles_model_version_idx").on(t.modelVersion, t.subjectId),
    index("profiles_person_idx").on(t.personId),
  ],
);

/**
 * One person: the profiles linked through shared identifiers, scored on what they hold together
 * (each attribute once, filed under the best party that supplied it). `derived` and `attributes`
 * are what was last counted into the person aggregates, so a change subtracts exactly that.
 */
export const persons = pgTable("persons", {
  personId: text().primaryKey(),
  /** The region of the person's first profile (the one whose subject id is the person id). */
  region: text().notNull(),
  profiles: counter(),
  /** Identifier types across all the person's profiles. */
  identifierTypes: counter(),
  /** The person's scores; null for a person of one profile: its profile's (`profiles.derived`). */
  derived: jsonb(),
  /**
   * [group, name, party] of each attribute the person has, each once under the best party; null
   * for a person of one profile: its profile's (`profile_attributes`).
   */
  attributes: jsonb(),
});

/** The profile aggregates, per person (GET /api/v1/metrics/profiles?unit=person). */
export const personSummary = pgTable(
  "person_summary",
  {
    region: text().notNull(),
    view: text().notNull(),
    bucket: smallint().notNull(),
    persons: counter(),
    completenessMicros: bigint({ mode: "number" }).notNull().default(0),
    persons360: counter(),
    resolved: counter(),
  },
  (t) => [primaryKey({ columns: [t.region, t.view, t.bucket] })],
);

export const personFill = pgTable(
  "person_fill",
  {
    region: text().notNull(),
    party: text().notNull(),
    group: text().notNull(),
    name: text().notNull(),
    persons: counter(),
  },
  (t) => [primaryKey({ columns: [t.region, t.party, t.group, t.name] })],
);

/** Identity-resolved persons whose latest decision for a purpose, under any of their ids, is a grant. */
export const personReach = pgTable(
  "person_reach",
  {
    region: text().notNull(),
    purposeId: purposeRef(),
    persons: counter(),
  },
  (t) => [primaryKey({ columns: [t.region, t.purposeId] })],
);

/** Persons by region and how many profiles they join. */
export const personSizes = pgTable(
  "person_sizes",
  {
    region: text().notNull(),
    size: integer().notNull(),
    persons: counter(),
  },
  (t) => [primaryKey({ columns: [t.region, t.size] })],
);

/**
 * By profile region and identifier type (matching types only): profiles with a comparable value
 * of that type, and those whose value links them to another profile.
 */
export const identityMatch = pgTable(
  "identity_match",
  {
    region: text().notNull(),
    type: text().notNull(),
    profiles: counter(),
    matched: counter(),
  },
  (t) => [primaryKey({ columns: [t.region, t.type] })],
);

/**
 * Profile aggregates kept exact at write time, so /profiles costs the same at 1M profiles as at
 * 1k. One row per region, view (`all` or the party whose attributes alone are counted) and
 * completeness decile.
 */
export const profileSummary = pgTable(
  "profile_summary",
  {
    region: text().notNull(),
    view: text().notNull(),
    bucket: smallint().notNull(),
    profiles: counter(),
    /** Sum of completeness in millionths (integers add up exactly; doubles would drift). */
    completenessMicros: bigint({ mode: "number" }).notNull().default(0),
    profiles360: counter(),
    resolved: counter(),
  },
  (t) => [primaryKey({ columns: [t.region, t.view, t.bucket] })],
);

/**
 * How the profile aggregates (view `all`, every region) moved each day: a write adds its change
 * to the day's row, so the figures as of any day are the sum of the rows up to it (history starts
 * when this table was created: migration 0020 puts the totals of that day in its first row).
 */
export const profileDaily = pgTable("profile_daily", {
  day: date({ mode: "string" }).primaryKey(),
  profiles: counter(),
  completenessMicros: bigint({ mode: "number" }).notNull().default(0),
  profiles360: counter(),
  resolved: counter(),
});

/** Profiles having each attribute, by region and the party of the source that supplied it. */
export const profileFill = pgTable(
  "profile_fill",
  {
    region: text().notNull(),
    party: text().notNull(),
    group: text().notNull(),
    name: text().notNull(),
    profiles: counter(),
  },
  (t) => [primaryKey({ columns: [t.region, t.party, t.group, t.name] })],
);

/** Identity-resolved profiles whose latest decision for a purpose is a grant, by region. */
export const profileReach = pgTable(
  "profile_reach",
  {
    region: text().notNull(),
    purposeId: purposeRef(),
    profiles: counter(),
  },
  (t) => [primaryKey({ columns: [t.region, t.purposeId] })],
);

/**
 * Every (attribute, source) pair some profile holds or held, numbered once: a source set
 * (profile_source_sets) lists these numbers. Tens of rows in practice (attributes × sources);
 * rows are only added, so a number never changes meaning.
 */
export const sourceSetEntries = pgTable(
  "source_set_entries",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    group: text().notNull(),
    name: text().notNull(),
    sourceId: uuid().references(() => dataSources.id),
  },
  (t) => [
    uniqueIndex("source_set_entries_key_idx").on(
      t.group,
      t.name,
      sql`coalesce(${t.sourceId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
  ],
);

/**
 * Profiles by what they hold from which source: `signature` lists the source_set_entries of a
 * profile's attributes (ascending numbers, comma-separated; empty for a profile without
 * attributes). Kept exact at write time like the aggregates above, so the phase-out simulator
 * (lib/metrics/phase-out) can score every profile without a source's attributes by reading one
 * row per distinct set.
 */
export const profileSourceSets = pgTable("profile_source_sets", {
  signature: text().primaryKey(),
  profiles: counter(),
});

/** Background work any instance can run or resume (e.g. rescoring profiles after a model change). */
export const jobs = pgTable(
  "jobs",
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().notNull(),
    /** An import is "uploading" while its file arrives and a "draft" until an admin starts it. */
    status: text({
      enum: ["uploading", "draft", "queued", "running", "done", "failed", "cancelled"],
    })
      .notNull()
      .default("queued"),
    total: counter(),
    done: counter(),
    cursor: text(),
    detail: jsonb(),
    error: text(),
    heartbeatAt: timestamp({ withTimezone: true }),
    createdBy: text(),
    createdAt: createdAt(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("jobs_kind_created_idx").on(t.kind, t.createdAt)],
);

/** Binary data: PGlite hands it back as a Uint8Array, postgres.js as a Buffer (one too). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

/** An uploaded file, kept in the database in pieces so any instance can run its import. */
export const importChunks = pgTable(
  "import_chunks",
  {
    jobId: uuid()
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    seq: integer().notNull(),
    data: bytea().notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] })],
);

/** The rows an import could not store, with the reason, for the admin to download and fix. */
export const importRejections = pgTable(
  "import_rejections",
  {
    jobId: uuid()
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    line: integer().notNull(),
    reason: text().notNull(),
    row: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.line] })],
);

export const profileIdentifiers = pgTable(
  "profile_identifiers",
  {
    subjectId: subjectRef(),
    type: text().notNull(),
    value: text().notNull(),
    /**
     * The value as identifiers are compared (lib/identity/normalize): e-mail lower-cased, phone
     * in E.164 read in the profile's region, others trimmed; null when it cannot be compared
     * (an invalid number), so it is kept but never found by it.
     */
    normalized: text(),
  },
  (t) => [
    primaryKey({ columns: [t.subjectId, t.type] }),
    index("profile_identifiers_normalized_idx").on(t.normalized, t.type),
  ],
);

export const profileAttributes = pgTable(
  "profile_attributes",
  {
    subjectId: subjectRef(),
    group: text().notNull(),
    name: text().notNull(),
    value: text().notNull(),
    sourceId: uuid().references(() => dataSources.id),
    /**
     * The party of the source when it supplied the value. Kept with the value, so editing a
     * source's party later does not silently re-file what it supplied before.
     */
    party: text({ enum: partyValues }),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.subjectId, t.group, t.name] })],
);

// ── laws, obligations, controls ────────────────────────────────────────────────

export const lawStatusEnum = pgEnum("law_status", ["enacted", "in_force", "amended", "repealed"]);

export const laws = pgTable("laws", {
  /** Slug from the shipped catalog (`us-ca-ccpa`) or generated for a company's own entry. */
  id: text().primaryKey(),
  name: text().notNull(),
  /** The catalog's official German title and short name ("DSGVO"); empty where it has none. */
  nameDe: text().notNull().default(""),
  shortName: text().notNull(),
  shortNameDe: text().notNull().default(""),
  jurisdictions: text().array().notNull(),
  effectiveDate: date({ mode: "string" }).notNull(),
  status: lawStatusEnum().notNull().default("enacted"),
  sourceUrl: text(),
  reviewedOn: date({ mode: "string" }),
  curePeriodDays: integer(),
  /** The end date the source gives for the cure period (a sunset); past means it has ended. */
  cureEndsOn: date({ mode: "string" }),
  /** Every source of a catalog entry with its kind (statute, regulator, …, secondary). */
  sources: jsonb()
    .$type<{ url: string; title: string; kind: string }[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  /** Added by the company's privacy officers rather than shipped in the catalog. */
  custom: boolean().notNull().default(false),
  notes: text().notNull().default(""),
  notesDe: text().notNull().default(""),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const lawPhases = pgTable(
  "law_phases",
  {
    lawId: text()
      .notNull()
      .references(() => laws.id),
    date: date({ mode: "string" }).notNull(),
    label: text().notNull(),
    labelDe: text().notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.lawId, t.date, t.label] })],
);

/** The fixed catalog of obligations (privacy notice, access, deletion, …). */
export const obligations = pgTable("obligations", {
  key: text().primaryKey(),
  name: text().notNull(),
  description: text().notNull().default(""),
});

export const lawObligations = pgTable(
  "law_obligations",
  {
    lawId: text()
      .notNull()
      .references(() => laws.id),
    obligationKey: text()
      .notNull()
      .references(() => obligations.key),
    /** When the obligation starts to apply, if later than the law's effective date. */
    appliesFrom: date({ mode: "string" }),
    note: text().notNull().default(""),
    noteDe: text().notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.lawId, t.obligationKey] })],
);

export const controlStatusEnum = pgEnum("control_status", controlStatusValues);

/** The company's state for one obligation. */
export const controls = pgTable("controls", {
  obligationKey: text()
    .primaryKey()
    .references(() => obligations.key),
  status: controlStatusEnum().notNull().default("not_started"),
  owner: text().notNull().default(""),
  evidence: text().notNull().default(""),
  dueDate: date({ mode: "string" }),
  updatedAt: updatedAt(),
  updatedBy: text(),
});

export const internalDeadlines = pgTable("internal_deadlines", {
  id: uuid().primaryKey().defaultRandom(),
  title: text().notNull(),
  date: date({ mode: "string" }).notNull(),
  lawId: text().references(() => laws.id),
  notes: text().notNull().default(""),
  createdBy: uuid().references(() => users.id),
  createdAt: createdAt(),
});

export type User = typeof users.$inferSelect;
export type PasswordToken = typeof passwordTokens.$inferSelect;
export type { Role } from "./enums";
export type ApiKey = typeof apiKeys.$inferSelect;
export type ApiKeyScope = (typeof apiKeyScopeEnum.enumValues)[number];
export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
