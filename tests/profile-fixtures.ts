/**
 * What the profile and identity integration tests start from: a first-party source `crm`, a
 * third-party source `broker`, and the consent purpose `newsletter`.
 */
import type { Db } from "@/db/connect";
import { createPurpose } from "@/lib/purposes";
import { createSource } from "@/lib/sources";
import { system } from "./actors";

export async function seedProfileFixtures(db: Db): Promise<void> {
  const source = (key: string, party: "first" | "third") => ({
    key,
    name: key,
    party,
    category: "other" as const,
    channel: "online" as const,
    monthlyVolume: 10,
    activeFrom: "2024-01-01",
  });
  await createSource(db, system, source("crm", "first"));
  await createSource(db, system, source("broker", "third"));
  await createPurpose(db, system, {
    key: "newsletter",
    name: "Newsletter",
    functionalArea: "marketing",
    legalBasis: "consent",
    customerDescription: "News by email.",
    dataCategories: ["contact"],
    retentionDays: 365,
    status: "active",
  });
}

/** A consent event for the fixtures' `newsletter` purpose, on the web in DE, at 10:00 UTC. */
export function newsletterEvent(
  eventId: string,
  subjectId: string,
  action: "grant" | "deny" | "withdraw",
  day: string,
) {
  return {
    eventId,
    subjectId,
    purpose: "newsletter",
    action,
    occurredAt: `${day}T10:00:00Z`,
    channel: "web" as const,
    region: "DE",
  };
}
