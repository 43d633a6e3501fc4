/**
 * One example request body per operation that takes one, shown in the document and on
 * /api-reference. A unit test sends each through the schema its route validates with, so an
 * example cannot show a body the route would refuse.
 */
import type { z } from "zod";
import type { createApiKeySchema } from "@/lib/api-keys/schema";
import type { changePasswordSchema } from "@/lib/accounts";
import type { consentBatchSchema } from "@/lib/consent/schema";
import type { modelUpdateSchema, profileInputSchema } from "@/lib/profiles/schema";
import type { createPurposeSchema, updatePurposeSchema } from "@/lib/purposes/schema";
import type { createSourceSchema } from "@/lib/sources/schema";
import type { CreatePreferenceLinkInput } from "@/lib/preferences/schema";

export const consentEvents = {
  events: [
    {
      eventId: "web-2026-11-29-000187",
      subjectId: "cust-1042",
      purpose: "newsletter",
      action: "grant",
      occurredAt: "2026-11-29T10:00:00Z",
      channel: "web",
      region: "DE",
      noticeVersion: "2026-10",
    },
    {
      eventId: "web-2026-11-29-000188",
      subjectId: "cust-1042",
      purpose: "personalised_ads",
      action: "deny",
      occurredAt: "2026-11-29T10:00:00Z",
      channel: "web",
      region: "DE",
      gpc: true,
    },
  ],
} satisfies z.input<typeof consentBatchSchema>;

export const profiles = {
  profiles: [
    {
      subjectId: "cust-1042",
      region: "DE",
      identifiers: { email: "anna@example.com", loyalty_id: "L-88121" },
      attributes: [
        { group: "contact", name: "email", value: "anna@example.com", source: "web-shop" },
        { group: "preferences", name: "language", value: "de", source: "preference-center" },
      ],
    },
  ],
} satisfies { profiles: z.input<typeof profileInputSchema>[] };

/** The same items as NDJSON, one JSON object per line. */
export function ndjson(items: readonly unknown[]): string {
  return items.map((item) => JSON.stringify(item)).join("\n") + "\n";
}

export const profileModel = {
  version: 3,
  attributes: [
    { group: "contact", name: "email", weight: 3 },
    { group: "contact", name: "phone", weight: 1 },
    { group: "demographics", name: "birth_year", weight: 1 },
  ],
} satisfies z.input<typeof modelUpdateSchema>;

export const purpose = {
  key: "product-reviews",
  name: "Product review invitations",
  functionalArea: "service",
  legalBasis: "consent",
  customerTitle: "Invitations to review what you bought",
  customerDescription: "One e-mail a week after delivery asking how the product works for you.",
  customerValue: "Your review helps other customers and tells us what to improve.",
  dataCategories: ["contact", "purchase_history"],
  retentionDays: 365,
  status: "active",
} satisfies z.input<typeof createPurposeSchema>;

export const purposeEdit = {
  version: 2,
  retentionDays: 180,
} satisfies z.input<typeof updatePurposeSchema>;

export const source = {
  key: "loyalty-app",
  name: "Loyalty app",
  party: "first",
  category: "loyalty",
  channel: "online",
  dataCategories: ["identity", "contact", "purchase_history"],
  monthlyVolume: 120000,
  linkedPurposes: ["newsletter"],
  activeFrom: "2026-01-01",
  ownerTeam: "CRM",
} satisfies z.input<typeof createSourceSchema>;

export const apiKey = {
  name: "CDP nightly export",
  scopes: ["ingest"],
  expiresAt: "2027-12-31T23:00:00Z",
} satisfies z.input<typeof createApiKeySchema>;

export const passwordChange = {
  currentPassword: "the one you have now",
  newPassword: "quiet-harbor-lantern-1987",
} satisfies z.input<typeof changePasswordSchema>;

export const preferenceLink = {
  subjectId: "cust-1042",
  locale: "de",
  expiresInDays: 14,
} satisfies CreatePreferenceLinkInput;

export const segmentBatch = {
  batch: [
    {
      type: "identify",
      messageId: "msg-1",
      userId: "cust-1",
      traits: { email: "ana@example.com", firstName: "Ana" },
      context: { locale: "de-DE" },
      timestamp: "2026-11-29T10:00:00Z",
    },
    {
      type: "track",
      messageId: "msg-2",
      userId: "cust-1",
      event: "Segment Consent Preference Updated",
      context: {
        locale: "de-DE",
        consent: { categoryPreferences: { Advertising: false, Analytics: true } },
      },
      timestamp: "2026-11-29T10:00:05Z",
    },
  ],
};
