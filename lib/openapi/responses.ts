/**
 * What the routes answer, as zod schemas for the OpenAPI document. They are descriptions, not
 * validators on the hot path: `conformance.ts` makes the type checker compare each one with the
 * type the domain function returns, so a field renamed or retyped there fails `tsc` here.
 */
import { consentModeSignals } from "@/lib/consent/signals";
import { z } from "zod";
import { apiKeyScopes } from "@/lib/api-keys/schema";
import { consentChannelValues, consentDefinitionValues } from "@/lib/enums";
import { controlStatuses, obligationKeys, sourceKinds } from "@/lib/laws/schema";
import {
  dataCategories,
  functionalAreas,
  legalBases,
  purposeStatuses,
} from "@/lib/purposes/schema";
import { completenessModelSchema } from "@/lib/profiles/schema";
import { parties, sourceCategories, sourceChannels } from "@/lib/sources/schema";

/** What is wrong where (lib/http: apiIssue). */
export const issueSchema = z
  .object({
    path: z.array(z.union([z.string(), z.number().int()])).meta({
      description:
        'The keys and indexes from the body\'s top (["events", 1, "region"]); a CSV row\'s is ["line", n], the header being line 1',
    }),
    field: z
      .string()
      .optional()
      .meta({ description: "For a CSV row: the column the issue concerns" }),
    message: z.string(),
  })
  .meta({ id: "Issue" });

const day = z.string().meta({ format: "date", description: "A calendar day, YYYY-MM-DD" });
const month = z.string().meta({ description: "A month, YYYY-MM" });
const timestamp = z.string().meta({ format: "date-time" });
const count = z.number().int().min(0);
/** A share or rate from 0 to 1; null when there is nothing to divide by. */
const share = z.number().min(0).max(1).nullable();

export const acceptedEventsResponse = z
  .object({
    accepted: count.meta({ description: "Events stored by this request" }),
    duplicates: count.meta({ description: "Events whose eventId was already stored" }),
  })
  .meta({ id: "ConsentEventsAccepted" });

export const acceptedProfilesResponse = z
  .object({
    accepted: count.meta({ description: "Profiles in the batch, all written or already so" }),
    duplicates: count.meta({
      description: "Profiles sent exactly as they are stored (a retry); the same as unchanged",
    }),
    created: count,
    updated: count,
    unchanged: count,
  })
  .meta({ id: "ProfilesAccepted" });

export const segmentBatchResponse = z
  .object({
    success: z.literal(true),
    received: count.meta({ description: "Messages new to this source" }),
    duplicates: count.meta({ description: "Messages whose messageId arrived before (retries)" }),
    profiles: count.meta({
      description:
        "Profiles upserted: from identify calls, for customers first met through their consent, and visitors' profiles given the userId that identifies them",
    }),
    consentEvents: count.meta({ description: "Consent events stored from consent tracks" }),
    refused: count.meta({
      description:
        "Messages that could not be used (listed in issues, and on /admin/imports); the others are stored",
    }),
    issues: z.array(issueSchema),
  })
  .meta({ id: "SegmentBatchAccepted" });

const purposeFields = {
  key: z.string(),
  name: z.string(),
  description: z.string(),
  functionalArea: z.enum(functionalAreas),
  legalBasis: z.enum(legalBases),
  customerTitle: z.string(),
  customerDescription: z.string(),
  customerValue: z.string(),
  customerTitleDe: z.string().meta({ description: "In German; empty: the English one is shown" }),
  customerDescriptionDe: z.string(),
  customerValueDe: z.string(),
  dataCategories: z.array(z.enum(dataCategories)),
  retentionDays: z.number().int(),
  involvesSale: z.boolean(),
  involvesSensitiveData: z.boolean(),
  tcfPurposes: z.array(z.number().int()).meta({
    description: "IAB TCF v2.2 purposes this purpose stands for (granted when all have consent)",
  }),
  consentModeSignals: z.array(z.enum(consentModeSignals)).meta({
    description: "Google Consent Mode v2 signals this purpose stands for",
  }),
  segmentCategories: z.array(z.string()).meta({
    description: "Segment consent categories this purpose stands for",
  }),
  status: z.enum(purposeStatuses),
  version: z.number().int().min(1),
};

const reconsentFromVersion = z.number().int().nullable().meta({
  description: "Grants on versions before this one need renewing (null: every grant counts)",
});

export const purposeResponse = z
  .object({ ...purposeFields, reconsentFromVersion, createdAt: timestamp, updatedAt: timestamp })
  .meta({ id: "Purpose" });

export const purposeListResponse = z.object({ purposes: z.array(purposeResponse) });

export const purposeVersionsResponse = z.object({
  key: z.string(),
  versions: z.array(
    z.object({
      version: z.number().int().min(1),
      validFrom: timestamp,
      changedBy: z.string().nullable(),
      purpose: z.object({
        ...purposeFields,
        reconsentFromVersion: reconsentFromVersion.optional(),
      }),
    }),
  ),
});

export const sourceResponse = z
  .object({
    key: z.string(),
    name: z.string(),
    party: z.enum(parties),
    category: z
      .string()
      .meta({ description: `One of ${sourceCategories.join(", ")} (stored as text)` }),
    channel: z.enum(sourceChannels),
    dataCategories: z.array(z.enum(dataCategories)),
    monthlyVolume: count,
    cookieBased: z.boolean(),
    linkedPurposes: z.array(z.string()),
    activeFrom: day,
    retiredAt: day.nullable(),
    ownerTeam: z.string(),
    notes: z.string(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "DataSource" });

export const sourceListResponse = z.object({ sources: z.array(sourceResponse) });

export const apiKeyResponse = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().meta({ description: "The key's first characters, to tell keys apart" }),
    scopes: z.array(z.enum(apiKeyScopes)),
    createdBy: z.uuid().nullable(),
    createdByKey: z.uuid().nullable().meta({
      description: "The key this one was made with, if any: revoking that key revokes this one",
    }),
    createdAt: timestamp,
    expiresAt: timestamp.nullable(),
    lastUsedAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
  })
  .meta({ id: "ApiKey" });

export const apiKeyListResponse = z.object({
  apiKeys: z.array(
    apiKeyResponse.extend({
      owner: z.string().nullable().meta({ description: "The owner's e-mail address" }),
      ownerDisabled: z.boolean().meta({
        description:
          "Whether the owner is disabled: the key works for nobody until they are enabled again (unless ownerLacksRole)",
      }),
      ownerLacksRole: z.boolean().meta({
        description:
          "Whether the key has no owner on record, or its owner (demoted under an earlier release) lacks the role its scopes need: the key works for nobody; revoke it and make a new one",
      }),
    }),
  ),
});

export const createdApiKeyResponse = z.object({
  id: z.uuid(),
  key: z.string().meta({ description: "The secret: shown in this answer only" }),
  apiKey: apiKeyResponse,
});

export const revokedApiKeyResponse = z.object({ apiKey: apiKeyResponse });

const rated = {
  rate: share.meta({ description: "numerator ÷ denominator under `definition`" }),
  granted: count.meta({ description: "Customers whose latest decision is a grant" }),
  decided: count.meta({ description: "Customers with any decision" }),
  numerator: count,
  denominator: count.meta({
    description:
      "consent-rate: decided; opt-in-rate: profiles in scope; acceptance-rate: grants and refusals in the range or period",
  }),
};

export const consentMetricsResponse = z
  .object({
    from: day,
    to: day,
    interval: z.enum(["day", "week", "month"]),
    definition: z.enum(consentDefinitionValues),
    purposes: z.array(
      z.object({
        key: z.string(),
        name: z.string(),
        functionalArea: z.string(),
        status: z.enum(purposeStatuses).meta({
          description:
            "A retired purpose's figures are given here but left out of every figure across purposes (overall, previous, events, gpcShare, byRegion, byChannel) unless the filter names it",
        }),
        inOverall: z.boolean().meta({
          description:
            "Whether this purpose counts in the figures across purposes: false for a retired one the filter does not name",
        }),
        ...rated,
        series: z.array(z.object({ date: day, ...rated })),
      }),
    ),
    overall: z.object(rated),
    previous: z
      .object({ from: day, to: day, overall: z.object(rated) })
      .meta({ description: "The same figure over the range just before, of the same length" }),
    events: z.object({ grant: count, deny: count, withdraw: count }),
    gpcShare: share,
    gpcEvents: count,
    byRegion: z.array(z.object({ region: z.string(), ...rated })),
    byChannel: z.array(z.object({ channel: z.string(), ...rated })),
  })
  .meta({ id: "ConsentMetrics" });

const partyCounts = z.object({
  ...Object.fromEntries(parties.map((p) => [p, count])),
  unknown: count,
} as Record<(typeof parties)[number] | "unknown", typeof count>);

export const profileMetricsResponse = z
  .object({
    filter: z.object({
      region: z.string().optional(),
      party: z.enum(parties).optional(),
      unit: z.enum(["profile", "person"]).optional(),
    }),
    unit: z
      .enum(["profile", "person"])
      .meta({ description: "What the counts below count: profiles, or persons (unit=person)" }),
    profiles: count.meta({ description: "Profiles in scope, or persons with unit=person" }),
    persons: count.meta({ description: "Persons in scope (profiles joined by identity)" }),
    matchRates: z.array(
      z.object({
        type: z.string(),
        profiles: count.meta({ description: "Profiles with a comparable value of this type" }),
        matched: count.meta({ description: "Of those, profiles it joins to another profile" }),
        rate: share,
      }),
    ),
    personSizes: z.array(z.object({ size: count, persons: count })),
    avgCompleteness: share,
    share360: share,
    identityCoverage: share,
    resolved: count,
    histogram: z.array(z.object({ from: z.number(), to: z.number(), count })),
    fillRates: z.array(
      z.object({
        attribute: z
          .string()
          .meta({ description: "The attribute's name within its group (email)" }),
        group: z.string(),
        name: z.string().meta({ description: "The same name as attribute" }),
        key: z.boolean(),
        weight: z.number(),
        rate: share,
        profiles: count,
        byParty: partyCounts,
      }),
    ),
    provenance: partyCounts.extend({ total: count }),
    reach: z.array(
      z.object({ purpose: z.string(), name: z.string(), profiles: count, share: share }),
    ),
    regions: z.array(z.string()),
    model: z.object({ version: z.number().int() }),
  })
  .meta({ id: "ProfileMetrics" });

export const subjectIdentityResponse = z
  .object({
    personId: z
      .string()
      .meta({ description: "The smallest subject id among the person's profiles" }),
    subjects: z.array(z.string()).meta({ description: "Every subject id of the person, sorted" }),
    links: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        type: z.string(),
        value: z.string().meta({ description: "The shared normalized value" }),
      }),
    ),
    flagged: z.array(
      z.object({
        type: z.string(),
        value: z.string(),
        profiles: count.meta({ description: "How many profiles carry this value" }),
      }),
    ),
    profiles: z.array(
      z.object({
        subjectId: z.string(),
        region: z.string(),
        identifiers: z.array(
          z.object({
            type: z.string(),
            value: z.string(),
            use: z.enum(["linked", "flagged", "unique", "not_matched", "invalid"]),
          }),
        ),
      }),
    ),
    matching: z.object({ types: z.array(z.string()), maxProfiles: z.number().int() }),
  })
  .meta({ id: "SubjectIdentity" });

const verdicts = ["on_track", "off_track", "no_target", "no_data"] as const;

export const sourceMetricsResponse = z
  .object({
    asOf: day,
    month,
    sources: count,
    volume: count,
    byParty: z.array(
      z.object({ party: z.enum(parties), sources: count, volume: count, share: share }),
    ),
    firstPartyShare: share,
    thirdPartyShare: share,
    cookieBasedShare: share,
    series: z.array(
      z.object({ month, ...Object.fromEntries(parties.map((p) => [p, share])) } as {
        month: typeof month;
      } & Record<(typeof parties)[number], typeof share>),
    ),
    phaseOut: z.object({
      target: z
        .object({
          targetDate: day,
          targetThirdPartyShare: z.number().min(0).max(1),
          baseline: z
            .object({ month, thirdPartyShare: z.number().min(0).max(1) })
            .optional()
            .meta({
              description:
                "Where the path starts, fixed when the target was set: the first month with volume in the 24 months then shown, and its third-party share then",
            }),
        })
        .nullable(),
      path: z.array(z.object({ month, targetThirdPartyShare: z.number() })),
      verdict: z.enum(verdicts),
      expectedThirdPartyShare: share,
    }),
  })
  .meta({ id: "SourceMetrics" });

const sourceRef = z.object({
  key: z.string(),
  name: z.string(),
  party: z.enum(parties),
  profiles: count,
});
const phaseOutFigures = z.object({
  profiles: count,
  avgCompleteness: share,
  share360: share,
  identityCoverage: share,
  reach: z.array(z.object({ purpose: z.string(), name: z.string(), profiles: count })),
});

export const phaseOutResponse = z
  .object({
    retire: z.array(z.string()).meta({ description: "The keys of the sources retired" }),
    sources: z.array(
      sourceRef.meta({ description: "A retired source and the profiles it supplies" }),
    ),
    before: phaseOutFigures,
    after: phaseOutFigures.meta({
      description:
        "As if every attribute the retired sources supplied were gone; identifiers and consent are not supplied by attributes, so identity coverage and reach hold",
    }),
    attributesLost: z.array(
      z.object({
        attribute: z
          .string()
          .meta({ description: "The attribute's name within its group (email)" }),
        group: z.string(),
        name: z.string().meta({ description: "The same name as attribute" }),
        key: z.boolean().meta({ description: "A key attribute of the completeness model" }),
        profiles: count.meta({ description: "Profiles that would lose it" }),
        replacements: z.array(
          sourceRef.meta({
            description: "A zero- or first-party source supplying it to this many other profiles",
          }),
        ),
      }),
    ),
    profilesAffected: count.meta({ description: "Profiles that would lose any attribute" }),
  })
  .meta({ id: "PhaseOut" });

const trend = z.object({
  change: z
    .number()
    .nullable()
    .meta({ description: "Today's value minus the value at `since` (null when unknown)" }),
  since: z.string().meta({
    description:
      "The day 30 days before (YYYY-MM-DD), or for the source mix, kept by month, the month before (YYYY-MM)",
  }),
  months: z
    .array(z.object({ month, value: share }))
    .meta({ description: "The value at the end of each of the last 12 months, the last today" }),
});

/** A law's German short name, as German pages show it. */
const lawShortNameDe = z
  .string()
  .meta({ description: "The law's German short name (`DSGVO`); empty where it has none" });

/** A law's next date: its own start or a phase's. */
const lawNextDate = z.object({
  date: day,
  label: z
    .string()
    .nullable()
    .meta({ description: "The phase that begins, in English; null: the law takes effect" }),
  labelDe: z.string().nullable().meta({
    description:
      "The same in German; null where the law takes effect or the phase has no German name",
  }),
  days: z.number().int(),
});

export const overviewMetricsResponse = z
  .object({
    asOf: day,
    sources: z.object({
      firstPartyShare: share,
      thirdPartyShare: share,
      phaseOutVerdict: z.enum(verdicts),
    }),
    consent: z.object(rated),
    laws: z.object({
      inForce: count,
      atRisk: count,
      next: z
        .object({
          lawId: z.string(),
          shortName: z.string(),
          shortNameDe: lawShortNameDe,
          jurisdictions: z.array(z.string()),
          ...lawNextDate.shape,
        })
        .nullable(),
    }),
    profiles: z.object({
      profiles: count,
      avgCompleteness: share,
      share360: share,
      identityCoverage: share,
    }),
    trends: z.object(
      Object.fromEntries(
        (["consentRate", "firstPartyShare", "completeness", "share360"] as const).map((k) => [
          k,
          trend,
        ]),
      ) as Record<"consentRate" | "firstPartyShare" | "completeness" | "share360", typeof trend>,
    ),
  })
  .meta({ id: "OverviewMetrics" });

const coveragePoint = z.object({ month, covered: count, total: count, share });

export const lawListResponse = z
  .object({
    asOf: day,
    laws: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        nameDe: z.string().meta({
          description:
            "The law's official German title (the EU's and Switzerland's laws); empty where it has none",
        }),
        shortName: z.string(),
        shortNameDe: lawShortNameDe,
        jurisdictions: z.array(
          z.string().meta({
            description:
              "ISO 3166 code: a country (DE) or subdivision (US-CA); or EU (its member states), or EEA (them and IS, LI, NO)",
          }),
        ),
        effectiveDate: day,
        phases: z.array(
          z.object({
            date: day,
            label: z.string(),
            labelDe: z
              .string()
              .meta({ description: "The phase's name in German; empty where it has none" }),
          }),
        ),
        status: z.enum(["in_force", "upcoming", "repealed"]),
        obligationsFrom: day.nullable(),
        readiness: share,
        readinessNow: share,
        customers: count.meta({
          description:
            "Profiles in the regions the law covers, whether it is in force yet or not; 0 for a repealed law",
        }),
        sourceUrl: z.string().nullable(),
        sources: z.array(
          z.object({ url: z.string(), title: z.string(), kind: z.enum(sourceKinds) }),
        ),
        atRisk: z.boolean(),
        notReady: z.boolean(),
        next: lawNextDate.nullable().meta({ description: "The law's next date on or after today" }),
        reviewedOn: day.nullable(),
        curePeriodDays: z.number().int().nullable(),
        cure: z.object({
          days: z.number().int().nullable(),
          endsOn: day.nullable(),
          ended: z.boolean(),
        }),
        custom: z.boolean(),
        obligations: z.array(
          z.object({
            key: z.enum(obligationKeys),
            appliesFrom: day.nullable(),
            note: z.string(),
            noteDe: z.string(),
            status: z.enum(controlStatuses),
          }),
        ),
      }),
    ),
    coverage: z.object({
      now: coveragePoint,
      series: z.array(coveragePoint),
      byRegion: z.array(
        z.object({
          region: z.string(),
          profiles: count,
          lawsNow: z.array(z.string()).meta({
            description:
              "The laws that apply in the region today, each named with its jurisdictions: `GDPR (EEA)`",
          }),
          coveredFrom: day.nullable(),
        }),
      ),
    }),
  })
  .meta({ id: "LawList" });

export const subjectConsentsResponse = z
  .object({
    subjectId: z.string(),
    current: z.array(
      z.object({
        purpose: z.string(),
        purposeName: z.string(),
        state: z.enum(["granted", "denied", "withdrawn"]),
        since: timestamp,
        purposeVersion: z.number().int(),
        eventId: z.string(),
      }),
    ),
    history: z.array(
      z.object({
        eventId: z.string(),
        purpose: z.string(),
        purposeName: z.string(),
        purposeVersion: z.number().int(),
        action: z.enum(["grant", "deny", "withdraw"]),
        occurredAt: timestamp,
        receivedAt: timestamp,
        channel: z.enum(consentChannelValues).or(z.string()),
        region: z.string(),
        gpc: z.boolean(),
        noticeVersion: z.string().nullable(),
        source: z.string().nullable(),
        legalBasis: z.string().nullable(),
        dataCategories: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: "SubjectConsents" });

const rescoreJob = z
  .object({
    id: z.uuid(),
    status: z.enum(["queued", "running", "done", "failed"]),
    total: count,
    done: count,
    modelVersion: z.number().int(),
    createdAt: timestamp,
    finishedAt: timestamp.nullable(),
    error: z.string().nullable().meta({ description: "Why the job stopped, in English" }),
    errorSaid: z
      .object({
        key: z.string(),
        values: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      })
      .nullable()
      .meta({
        description:
          "The same as a key of the product's message catalog with its values, for a page in the reader's language",
      }),
  })
  .meta({ id: "RescoreJob" });

export const profileModelResponse = z.object({
  model: completenessModelSchema.extend({ version: z.number().int().min(1) }),
  job: rescoreJob.nullable(),
});

export const preferenceLinkResponse = z
  .object({
    id: z.uuid().meta({ description: "The link's id, to revoke this one link later" }),
    url: z
      .string()
      .meta({ format: "uri", description: "The page's address; the token is its secret" }),
    expiresAt: timestamp,
  })
  .meta({ id: "PreferenceLink" });

export const revokedPreferenceLinkResponse = z.object({
  revoked: z.literal(1).meta({ description: "The link stopped working" }),
});

export const revokedPreferenceLinksResponse = z.object({
  revoked: count.meta({
    description: "Links that worked until now (0 when the customer had none, or none left)",
  }),
});

export const preferenceCenterMetricsResponse = z
  .object({
    from: day,
    to: day,
    views: count.meta({ description: "Preference pages opened by a browser" }),
    saves: count.meta({
      description: "Preference pages saved (a save that changed nothing counts)",
    }),
    fetches: count.meta({
      description:
        "Pages fetched by something other than a browser opening them (mail scanners and link checkers following the link): not counted as views",
    }),
    byPurpose: z.array(
      z.object({
        key: z.string(),
        name: z.string(),
        shown: count.meta({ description: "Views that showed the purpose" }),
        granted: count.meta({ description: "Grants the page recorded" }),
        denied: count.meta({ description: "Denials and withdrawals the page recorded" }),
      }),
    ),
    series: z.array(z.object({ day, views: count, saves: count })),
  })
  .meta({ id: "PreferenceCenterMetrics" });
