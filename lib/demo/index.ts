import "server-only";
/**
 * Demo data for an empty database: the three demo accounts (README), an ingest API key,
 * the purpose catalog, the data-source inventory with its phase-out target, the law catalog with
 * the company's controls and deadlines. Later capabilities add their catalogs and synthetic customers here. Deterministic apart from
 * the API key, which is random and printed once.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { users } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys";
import { createPurpose, updatePurpose } from "@/lib/purposes";
import { inviteUser } from "@/lib/users";
import { createSource, setPhaseOutTarget } from "@/lib/sources";
import { recordConsentEvents } from "@/lib/consent/ingest";
import { generateConsentEvents } from "./consent";
import { upsertProfiles } from "@/lib/profiles/ingest";
import { isoDay, now } from "@/lib/clock";
import { seedLaws } from "./laws";
import { generateProfiles } from "./profiles";
import { demoPurposes } from "./purposes";
import { demoPhaseOutTarget, demoSources } from "./sources";

export const DEMO_PASSWORD = "firstparty-demo";
export const demoUsers = [
  { email: "admin@firstparty.demo", name: "Ada Admin", role: "admin" },
  { email: "privacy@firstparty.demo", name: "Priya Privacy", role: "privacy" },
  { email: "marketing@firstparty.demo", name: "Mark Marketing", role: "marketing" },
] as const;

export type SeedReport = {
  users: string[];
  password: string;
  ingestKey: string;
  subjects: number;
  consentEvents: number;
};

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return (row?.n ?? 0) === 0;
}

export const DEFAULT_SUBJECTS = 2_000;

/** Synthetic customers' consent events, through the same ingestion path as the API. */
export async function seedConsent(db: Db, subjects: number): Promise<number> {
  const system = { type: "system", label: "seed" } as const;
  const events = generateConsentEvents(subjects, { seed: 42 });
  for (let i = 0; i < events.length; i += 1_000) {
    await recordConsentEvents(db, system, events.slice(i, i + 1_000), {
      now: new Date("2026-11-29T00:00:00Z"),
    });
  }
  // Every synthetic customer gets a profile in the region their consent events came from.
  const regions = new Map(events.map((e) => [e.subjectId, e.region]));
  // Gathered over the last year, a twelfth a month, so the trends have a history to show.
  const profiles = generateProfiles(regions);
  const month = Math.ceil(profiles.length / 12);
  for (let k = 0; k < 12; k++) {
    const at = new Date(now().getTime() - (11 - k) * 30 * 86_400_000);
    for (let i = k * month; i < Math.min((k + 1) * month, profiles.length); i += 1_000)
      await upsertProfiles(db, system, profiles.slice(i, Math.min(i + 1_000, (k + 1) * month)), {
        now: at,
      });
  }
  return events.length;
}

/**
 * Seeds the demo in one transaction: a start stopped part-way (Ctrl-C while the first start
 * seeds) leaves nothing, and the next start, finding no accounts, seeds it whole.
 */
export function seedDemo(db: Db, options: { subjects?: number } = {}): Promise<SeedReport> {
  return db.transaction((tx) => seedDemoIn(tx, options));
}

async function seedDemoIn(db: Db, options: { subjects?: number }): Promise<SeedReport> {
  const system = { type: "system", label: "seed" } as const;
  for (const user of demoUsers) {
    await inviteUser(db, system, user, { password: DEMO_PASSWORD, mustChangePassword: false });
  }
  const [demoAdmin] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, demoUsers[0].email));
  const { key } = await createApiKey(
    db,
    system,
    { name: "Demo ingest key", scopes: ["ingest"] },
    { ownerId: demoAdmin!.id },
  );
  await seedPurposes(db);
  for (const source of demoSources)
    await createSource(db, system, source, new Date("2024-11-01T09:00:00Z"));
  await setPhaseOutTarget(db, system, demoPhaseOutTarget, isoDay(now()));
  await seedLaws(db, system);
  const subjects = options.subjects ?? DEFAULT_SUBJECTS;
  const events = await seedConsent(db, subjects);
  return {
    users: demoUsers.map((u) => `${u.email} (${u.role})`),
    password: DEMO_PASSWORD,
    ingestKey: key,
    subjects,
    consentEvents: events,
  };
}

/** The catalog as of two years before the seed's reference date, with some later edits. */
async function seedPurposes(db: Db) {
  const admin = { type: "system", label: "seed" } as const;
  const created = new Date("2024-11-01T09:00:00Z");
  for (const purpose of demoPurposes) await createPurpose(db, admin, purpose, created);
  await updatePurpose(
    db,
    admin,
    "newsletter",
    {
      version: 1,
      customerDescription:
        "We email you news, offers and event invitations, at most twice a month.",
    },
    new Date("2025-06-02T09:00:00Z"),
  );
  await updatePurpose(
    db,
    admin,
    "retargeting-partners",
    {
      version: 1,
      retentionDays: 90,
      customerValue:
        "Reminders of products you looked at, on sites you already use; never for more than 90 days.",
    },
    new Date("2026-01-15T09:00:00Z"),
  );
}

export function formatSeedReport(report: SeedReport): string {
  return [
    "Firstparty demo data seeded. Sign in with any of:",
    ...report.users.map((u) => `  ${u}`),
    `  password: ${report.password}`,
    `Demo ingest API key (shown only now): ${report.ingestKey}`,
    `Synthetic customers: ${report.subjects} with ${report.consentEvents} consent events.`,
  ].join("\n");
}
