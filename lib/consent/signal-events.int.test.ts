/**
 * TCF v2.2 strings and Google Consent Mode v2 signals as consent events, on both databases. The
 * TC strings are built by the IAB's own library from a small vendor list, as a consent-management
 * platform builds them; the purposes map to TCF purposes and Consent Mode signals through the
 * catalog, edited like any field (a new version, in the history).
 */
import { createHash } from "node:crypto";
import { GVL, TCModel, TCString } from "@iabtcf/core";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consentEvents, purposes } from "@/db/schema";
import { RuleError, type Issue } from "@/lib/errors";
import { getConsentMetrics } from "@/lib/metrics/consent";
import { getPurpose, listPurposeVersions, updatePurpose } from "@/lib/purposes";
import { feeder, system } from "@/tests/actors";
import { createTestDatabase, type TestDatabase } from "@/tests/database";
import { activePurpose } from "@/tests/purposes";
import { recordConsentEvents } from "./ingest";
import { expandSignalEvents } from "./signal-events";
import { englishMessage } from "@/lib/validation-messages";

let t: TestDatabase;
const now = new Date("2026-11-29T12:00:00Z");

/** A vendor list as the IAB publishes it, cut down to its 11 purposes and one vendor. */
const gvl = new GVL({
  gvlSpecificationVersion: 3,
  vendorListVersion: 150,
  tcfPolicyVersion: 5,
  lastUpdated: "2026-11-01T00:00:00Z",
  purposes: Object.fromEntries(
    Array.from({ length: 11 }, (_, i) => [
      i + 1,
      { id: i + 1, name: `Purpose ${i + 1}`, description: "", illustrations: [] },
    ]),
  ),
  specialPurposes: {},
  features: {},
  specialFeatures: {},
  stacks: {},
  dataCategories: {},
  vendors: {
    755: {
      id: 755,
      name: "A vendor",
      purposes: [1, 3, 4, 7, 9],
      legIntPurposes: [],
      flexiblePurposes: [],
      specialPurposes: [],
      features: [],
      specialFeatures: [],
      usesCookies: true,
      cookieMaxAgeSeconds: 0,
      cookieRefresh: false,
      usesNonCookieAccess: false,
      urls: [],
    },
  },
} as never);

/**
 * A TC string with consent to `consented` TCF purposes, and `interests` on legitimate interest
 * (not objected to), as a CMP writes it.
 */
function tcString(consented: number[], purposeOneTreatment = false, interests: number[] = []) {
  const model = new TCModel(gvl);
  model.cmpId = 10;
  model.cmpVersion = 2;
  model.purposeOneTreatment = purposeOneTreatment;
  model.purposeConsents.set(consented);
  model.purposeLegitimateInterests.set(interests);
  model.vendorConsents.set(755);
  return TCString.encode(model);
}

const base = {
  subjectId: "s-1",
  occurredAt: "2026-11-20T10:00:00Z",
  channel: "web",
  region: "DE",
};

async function purpose(
  key: string,
  mapping: { tcfPurposes?: number[]; consentModeSignals?: string[] },
) {
  await activePurpose(t.db, key, {
    legalBasis: "consent",
    customerDescription: "What it does",
    dataCategories: ["browsing"],
    ...mapping,
  });
}

async function actions(eventIdPrefix: string) {
  const rows = await t.db
    .select({ eventId: consentEvents.eventId, action: consentEvents.action, key: purposes.key })
    .from(consentEvents)
    .innerJoin(purposes, eq(purposes.id, consentEvents.purposeId))
    .where(like(consentEvents.eventId, `${eventIdPrefix}:%`))
    .orderBy(consentEvents.eventId);
  return rows.map((r) => [r.eventId, r.key, r.action]);
}

async function refused(events: unknown[]): Promise<RuleError> {
  try {
    await recordConsentEvents(t.db, feeder, events, { now });
  } catch (error) {
    if (error instanceof RuleError) return error;
    throw error;
  }
  throw new Error("the batch was accepted");
}

beforeAll(async () => {
  t = await createTestDatabase();
  await purpose("ads", { tcfPurposes: [1, 3, 4] });
  await purpose("measurement", { tcfPurposes: [7, 9], consentModeSignals: ["analytics_storage"] });
  await purpose("personal-ads", { consentModeSignals: ["ad_storage", "ad_personalization"] });
  await purpose("newsletter", {});
});
afterAll(() => t?.drop());

describe("TCF strings", () => {
  it("become a grant or deny per mapped purpose: granted when every listed TCF purpose is", async () => {
    const tc = tcString([1, 3, 4, 7]);
    expect(TCString.decode(tc).vendorListVersion).toBe(150);
    const result = await recordConsentEvents(
      t.db,
      feeder,
      [{ ...base, eventId: "tc1", tcString: tc }],
      { now },
    );
    expect(result).toEqual({ accepted: 2, duplicates: 0 });
    expect(await actions("tc1")).toEqual([
      ["tc1:ads", "ads", "grant"],
      ["tc1:measurement", "measurement", "deny"], // 9 was not consented
    ]);
    // Sent again: the derived eventIds are the same, so nothing new.
    expect(
      await recordConsentEvents(t.db, feeder, [{ ...base, eventId: "tc1", tcString: tc }], {
        now,
      }),
    ).toEqual({ accepted: 0, duplicates: 2 });
  });

  it("counts on the consent dashboard like any other event", async () => {
    await recordConsentEvents(
      t.db,
      feeder,
      [{ ...base, subjectId: "s-2", eventId: "tc2", tcString: tcString([1, 3, 4, 7, 9]) }],
      { now },
    );
    const metrics = await getConsentMetrics(
      t.db,
      { purpose: "measurement", from: "2026-11-01", to: "2026-11-29", interval: "day" },
      "2026-11-29",
    );
    expect(metrics.purposes[0]).toMatchObject({ key: "measurement", granted: 1, decided: 2 });
  });

  it("refuses an undecodable string at its index, and stores nothing of the batch", async () => {
    const error = await refused([
      { ...base, eventId: "tc3", tcString: tcString([1]) },
      { ...base, eventId: "tc4", tcString: "not-a-tc-string" },
      { ...base, eventId: "tc5", tcString: tcString([1]), purpose: "ads", action: "grant" },
    ]);
    expect(error.message).toBe("2 of 3 events are invalid; nothing was stored");
    // In English, and as the catalog says it (a page says it in the reader's language).
    expect(error.issues.map((i) => i.said?.key)).toEqual([
      "tcStringUndecodable",
      "signalAndPurpose",
    ]);
    expect(error.issues.map(({ path, message }) => ({ path, message }))).toEqual([
      {
        path: "events.1.tcString",
        // Not the JavaScript error the library met on a string it could not start on.
        message: "tcString cannot be decoded as an IAB TCF string",
      },
      {
        path: "events.2.purpose",
        message: "Send either purpose and action, or tcString, or consentMode — not both",
      },
    ]);
    expect(await actions("tc3")).toEqual([]);
  });

  it("decides nothing on TCF purpose 1 when the publisher did not ask about it", async () => {
    // purposeOneTreatment: purpose 1 was not disclosed, so its bit (0) refuses nothing. "ads"
    // stands on 1, 3 and 4 and is not decided; "measurement" (7, 9) is.
    const result = await recordConsentEvents(
      t.db,
      feeder,
      [{ ...base, eventId: "tc-p1t", tcString: tcString([3, 4, 7, 9], true) }],
      { now },
    );
    expect(result.accepted).toBe(1);
    expect(await actions("tc-p1t")).toEqual([["tc-p1t:measurement", "measurement", "grant"]]);
  });

  it("says why nothing was decided when every TCF-mapped purpose stands on an unasked purpose 1", () => {
    const issues: Issue[] = [];
    const only = [
      {
        key: "ads",
        legalBasis: "consent" as const,
        tcfPurposes: [1, 3, 4],
        consentModeSignals: [],
      },
    ];
    const event = { ...base, eventId: "tc-p1t-only", tcString: tcString([3, 4], true) };
    expect(expandSignalEvents([event], only, issues).items).toEqual([]);
    expect(issues.map((i) => [i.path, i.said?.key])).toEqual([
      ["events.0.tcString", "tcfPurposeOneUnasked"],
    ]);
    // With no purpose mapped to TCF at all, that is what it says.
    const none: Issue[] = [];
    expandSignalEvents([event], [], none);
    expect(none.map((i) => i.said?.key)).toEqual(["tcfUnmapped"]);
  });

  it("refuses a purpose on one refused TCF purpose, even beside an unasked purpose 1", () => {
    const only = [
      {
        key: "ads",
        legalBasis: "consent" as const,
        tcfPurposes: [1, 3, 4],
        consentModeSignals: [],
      },
    ];
    const event = { ...base, eventId: "tc-p1t-refused", tcString: tcString([3], true) };
    const issues: Issue[] = [];
    expect(expandSignalEvents([event], only, issues).items).toMatchObject([
      { eventId: "tc-p1t-refused:ads", purpose: "ads", action: "deny" },
    ]);
    expect(issues).toEqual([]);
  });

  it("reads legitimate interest for a purpose on it, and no consent into its bit", () => {
    const mapped = [
      {
        key: "consent-7",
        legalBasis: "consent" as const,
        tcfPurposes: [7],
        consentModeSignals: [],
      },
      {
        key: "consent-9",
        legalBasis: "consent" as const,
        tcfPurposes: [9],
        consentModeSignals: [],
      },
      {
        key: "insights",
        legalBasis: "legitimate_interest" as const,
        tcfPurposes: [7, 8],
        consentModeSignals: [],
      },
    ];
    const decided = (event: Record<string, unknown>) =>
      (expandSignalEvents([event], mapped, []).items as { purpose: string; action: string }[]).map(
        (i) => [i.purpose, i.action],
      );
    // "Reject all": no consent, the legitimate-interest bits left as they were. The purposes on
    // consent are refused; the one on legitimate interest, not objected to, holds.
    expect(decided({ ...base, eventId: "li-1", tcString: tcString([], false, [7, 8]) })).toEqual([
      ["consent-7", "deny"],
      ["consent-9", "deny"],
      ["insights", "grant"],
    ]);
    // The customer objected to 7: the purpose on legitimate interest is refused.
    expect(decided({ ...base, eventId: "li-2", tcString: tcString([9], false, [8]) })).toEqual([
      ["consent-7", "deny"],
      ["consent-9", "grant"],
      ["insights", "deny"],
    ]);
    // Consent to 7 and 8 holds for a purpose on legitimate interest too.
    expect(decided({ ...base, eventId: "li-3", tcString: tcString([7, 8]) })).toEqual([
      ["consent-7", "grant"],
      ["consent-9", "deny"],
      ["insights", "grant"],
    ]);
  });

  it("keeps a long eventId's events within 200 characters, the same for the same event again", async () => {
    const long = `tc-long-${"x".repeat(180)}`;
    const event = { ...base, eventId: long, tcString: tcString([1, 3, 4, 7, 9]) };
    const first = await recordConsentEvents(t.db, feeder, [event], { now });
    expect(first).toMatchObject({ accepted: 2, duplicates: 0 });
    const digest = `sha256-${createHash("sha256").update(long).digest("hex")}`;
    expect(await actions(digest)).toEqual([
      [`${digest}:ads`, "ads", "grant"],
      [`${digest}:measurement`, "measurement", "grant"],
    ]);
    expect(await recordConsentEvents(t.db, feeder, [event], { now })).toMatchObject({
      accepted: 0,
      duplicates: 2,
    });
    // An eventId past 200 characters is refused as one, not passed through its digest.
    const error = await refused([{ ...event, eventId: "y".repeat(201) }]);
    expect(error.issues.map((i) => [i.path, i.message])).toEqual([
      ["events.0.eventId", "validation.eventIdLong"],
    ]);
  });

  it("says a TCF v1 string is one, rather than what the v2 decoder trips on in it", async () => {
    // The IAB's own example of a v1 consent string.
    const error = await refused([
      { ...base, eventId: "tc-v1", tcString: "BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA" },
    ]);
    expect(error.issues.map((i) => [i.path, i.said?.key, i.said?.values])).toEqual([
      ["events.0.tcString", "tcStringVersion", { version: 1 }],
    ]);
  });

  it("reports a bad field of the event once, not once per purpose", async () => {
    const error = await refused([
      { ...base, region: "Germany", eventId: "tc6", tcString: tcString([1]) },
    ]);
    expect(error.issues.map((i) => i.path)).toEqual(["events.0.region"]);
  });
});

describe("Consent Mode signals", () => {
  it("decide each purpose whose signals are all present", async () => {
    const result = await recordConsentEvents(
      t.db,
      feeder,
      [
        {
          ...base,
          eventId: "cm1",
          consentMode: {
            ad_storage: "granted",
            ad_personalization: "denied",
            analytics_storage: "granted",
          },
        },
      ],
      { now },
    );
    expect(result.accepted).toBe(2);
    expect(await actions("cm1")).toEqual([
      ["cm1:measurement", "measurement", "grant"],
      ["cm1:personal-ads", "personal-ads", "deny"],
    ]);
  });

  it("deny a purpose on one denied signal, even sent alone, and leave Consent Mode's other types aside", async () => {
    // A platform's update of one signal, with the other consent types it always sends.
    const result = await recordConsentEvents(
      t.db,
      feeder,
      [
        {
          ...base,
          eventId: "cm6",
          consentMode: {
            ad_storage: "denied",
            functionality_storage: "granted",
            security_storage: "granted",
          },
        },
      ],
      { now },
    );
    expect(result.accepted).toBe(1);
    expect(await actions("cm6")).toEqual([["cm6:personal-ads", "personal-ads", "deny"]]);
    // Granted alone, a signal of a purpose that lists another one not sent decides nothing,
    // and the sender is told which signal the purpose needs too.
    const undecided = await refused([
      { ...base, eventId: "cm7", consentMode: { ad_storage: "granted" } },
    ]);
    expect(undecided.issues.map((i) => [i.path, englishMessage(i.message)])).toEqual([
      [
        "events.0.consentMode",
        'The Consent Mode signals sent decide no purpose: "personal-ads" is granted only when ad_personalization is granted too; send every signal it lists (the whole consent state), not only the one that changed',
      ],
    ]);
    expect(await actions("cm7")).toEqual([]);
  });

  it("refuses signals that decide no purpose and values other than granted or denied", async () => {
    const error = await refused([
      { ...base, eventId: "cm2", consentMode: { ad_user_data: "granted" } },
      { ...base, eventId: "cm3", consentMode: { ad_storage: "yes" } },
      { ...base, eventId: "cm4", consentMode: { adStorage: "granted" } },
    ]);
    expect(error.issues[2]!.said).toEqual({
      key: "consentModeUnknownSignal",
      values: {
        signals: '"adStorage"',
        count: 1,
        known:
          "ad_storage, analytics_storage, ad_user_data, ad_personalization, functionality_storage, personalization_storage, security_storage",
      },
    });
    // As the API says them: the schema's validation keys in English.
    expect(error.issues.map((i) => [i.path, englishMessage(i.message)])).toEqual([
      [
        "events.0.consentMode",
        "The Consent Mode signals sent decide no purpose of the catalog (a purpose is granted when every signal it lists is granted, denied when one of them is); map them on the purpose form",
      ],
      ["events.1.consentMode.ad_storage", 'a Consent Mode signal is "granted" or "denied"'],
      [
        "events.2.consentMode",
        'Unknown Consent Mode signal "adStorage"; the signals are ad_storage, analytics_storage, ad_user_data, ad_personalization, functionality_storage, personalization_storage, security_storage',
      ],
    ]);
  });
});

describe("the mapping on the purpose", () => {
  it("is edited like any field: a new version, in the history, validated", async () => {
    const before = await getPurpose(t.db, "newsletter");
    const after = await updatePurpose(t.db, system, "newsletter", {
      version: before.version,
      tcfPurposes: [1, 1, 2],
      consentModeSignals: ["ad_user_data"],
    });
    expect(after).toMatchObject({
      version: before.version + 1,
      tcfPurposes: [1, 2],
      consentModeSignals: ["ad_user_data"],
    });
    const versions = await listPurposeVersions(t.db, "newsletter");
    expect(versions.at(-1)!.purpose.tcfPurposes).toEqual([1, 2]);
    await expect(
      updatePurpose(t.db, system, "newsletter", { version: after.version, tcfPurposes: [12] }),
    ).rejects.toThrow(/validation.tcfPurposeRange/);
    // The signal that decided nothing a moment ago now decides the newsletter.
    await recordConsentEvents(
      t.db,
      feeder,
      [{ ...base, eventId: "cm5", consentMode: { ad_user_data: "denied" } }],
      { now },
    );
    expect(await actions("cm5")).toEqual([["cm5:newsletter", "newsletter", "deny"]]);
  });
});
