import "server-only";
/**
 * Events that carry a consent platform's signal instead of a purpose and an action
 * (docs/imports.md): an IAB TCF v2.2 string (`tcString`) or Google Consent Mode v2 signals
 * (`consentMode`). Each becomes one grant or deny per catalog purpose that lists some of those
 * signals — granted when every signal the purpose lists is granted, denied when one is refused,
 * and otherwise not decided — with the eventId
 * `<eventId>:<purposeKey>`, so sending it again is as idempotent as any event. TC strings are
 * decoded by the IAB's own library, @iabtcf/core.
 */
import { createHash } from "node:crypto";
import { DecodingError, TCString } from "@iabtcf/core";
import { and, ne, or, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { purposes } from "@/db/schema";
import type { Issue } from "@/lib/errors";
import { consentModeSchema } from "./schema";
import { said, saying, type Said } from "@/lib/imports/said";
import { knownConsentModeSignals } from "./signals";
import type { ConsentModeSignal } from "./signals";
import type { LegalBasis } from "@/db/enums";

export type MappedPurpose = {
  key: string;
  /** Whether the customer's consent is what the purpose stands on, or another basis. */
  legalBasis: LegalBasis;
  tcfPurposes: number[];
  consentModeSignals: ConsentModeSignal[];
};

/** The purposes (not retired) that list TCF purposes or Consent Mode signals. */
export async function mappedPurposes(db: Db): Promise<MappedPurpose[]> {
  return db
    .select({
      key: purposes.key,
      legalBasis: purposes.legalBasis,
      tcfPurposes: purposes.tcfPurposes,
      consentModeSignals: purposes.consentModeSignals,
    })
    .from(purposes)
    .where(
      and(
        ne(purposes.status, "retired"),
        or(
          sql`cardinality(${purposes.tcfPurposes}) > 0`,
          sql`cardinality(${purposes.consentModeSignals}) > 0`,
        ),
      ),
    )
    .orderBy(purposes.key);
}

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** What a TC string says of each TCF purpose: consent, legitimate interest, not asked. */
export type TcfSignals = {
  /** The purposes the customer consented to. */
  granted: Set<number>;
  /** The purposes processed on legitimate interest, the customer not having objected. */
  interests: Set<number>;
  /** The purposes it did not ask about. */
  unasked: Set<number>;
};

/**
 * The TCF purposes a TC string has consent for, those on legitimate interest (not objected to)
 * and those it did not ask about, or why it cannot be read. With `purposeOneTreatment` the
 * publisher did not disclose purpose 1 (storage and access: its country's law handles it), so
 * its bit, always 0, is no refusal.
 */
export function tcfConsents(tcString: string): TcfSignals | Said {
  // A TC string's first six bits, its first base64url character, are its version: a v1 string
  // ("BO…") is said as one rather than as whatever the v2 decoder trips on in it.
  if (BASE64URL.indexOf(tcString.trim()[0] ?? "") === 1)
    return said("tcStringVersion", { version: 1 });
  let model;
  try {
    model = TCString.decode(tcString.trim());
  } catch (error) {
    // The library's own reason where it gives one; a string it cannot even start on throws
    // whatever JavaScript error it met, which says nothing to the sender.
    return said("tcStringUndecodable", {
      detail: error instanceof DecodingError ? error.message.slice(0, 200) : "none",
    });
  }
  if (model.version !== 2) return said("tcStringVersion", { version: Number(model.version) });
  const granted = new Set<number>();
  model.purposeConsents.forEach((has, id) => {
    if (has) granted.add(id);
  });
  const interests = new Set<number>();
  model.purposeLegitimateInterests.forEach((has, id) => {
    if (has) interests.add(id);
  });
  return { granted, interests, unasked: new Set(model.purposeOneTreatment ? [1] : []) };
}

/**
 * Whether a TC string grants (true), refuses (false) or leaves undecided a catalog purpose. A
 * purpose on consent needs consent to every TCF purpose it lists (a legitimate-interest bit is
 * no consent: "reject all" leaves those bits set); one on another basis (legitimate interest,
 * contract) holds where the customer consented or did not object. A TCF purpose the string did
 * not ask about (purpose 1 under PurposeOneTreatment) decides nothing; one refusal decides.
 */
export function tcfDecision(p: MappedPurpose, tc: TcfSignals): boolean | undefined {
  if (p.tcfPurposes.length === 0) return undefined;
  const onConsent = p.legalBasis === "consent";
  const states = p.tcfPurposes.map((n) =>
    tc.granted.has(n) || (!onConsent && tc.interests.has(n))
      ? true
      : tc.unasked.has(n)
        ? undefined
        : false,
  );
  if (states.includes(false)) return false;
  return states.every((s) => s === true) ? true : undefined;
}

/** The longest eventId the log keeps (the schema's limit). */
const MAX_EVENT_ID = 200;
/** The longest purpose key. */
const MAX_PURPOSE_KEY = 64;

/**
 * What the eventIds of a signal's events start with: the sender's eventId, or where
 * `<eventId>:<purposeKey>` could pass 200 characters, `sha256-` and its digest (the same for the
 * same event sent again). A sender's eventId that breaks the schema's rules is kept as it is, so
 * it is refused for what it is.
 */
export function signalIdBase(eventId: string): string {
  if (eventId.length + 1 + MAX_PURPOSE_KEY <= MAX_EVENT_ID) return eventId;
  if (eventId.length > MAX_EVENT_ID || !/^[\x21-\x7e]+$/.test(eventId)) return eventId;
  return digestIdBase(eventId);
}

/** `sha256-` and the digest of `id`: the same for the same id, and always a valid eventId's start. */
export function digestIdBase(id: string): string {
  return `sha256-${createHash("sha256").update(id).digest("hex")}`;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether a raw event uses a signal (and so needs the purposes' mappings). */
export function carriesSignal(item: unknown): boolean {
  return isObject(item) && ("tcString" in item || "consentMode" in item);
}

/**
 * Replaces every signal-carrying event of `raw` by its per-purpose events. Returns the new list
 * with, for each item, the index of the event it came from (issues name that index), and pushes
 * issues for signals that cannot be read or decide no purpose.
 */
export function expandSignalEvents(
  raw: unknown[],
  mapped: MappedPurpose[],
  issues: Issue[],
): { items: unknown[]; origin: number[] } {
  const items: unknown[] = [];
  const origin: number[] = [];
  raw.forEach((item, index) => {
    if (!carriesSignal(item)) {
      items.push(item);
      origin.push(index);
      return;
    }
    const { tcString, consentMode, ...rest } = item as Record<string, unknown>;
    /** A catalog sentence, or a schema's message (a validation key, or English). */
    const fail = (field: string, reason: Said | string) =>
      issues.push({
        path: `events.${index}.${field}`,
        ...(typeof reason === "string" ? { message: reason } : saying(reason)),
      });
    if ("purpose" in rest || "action" in rest) return fail("purpose", said("signalAndPurpose"));
    if (tcString !== undefined && consentMode !== undefined)
      return fail("tcString", said("signalBoth"));

    let decide: (p: MappedPurpose) => boolean | undefined;
    let field: "tcString" | "consentMode";
    let sent: Partial<Record<ConsentModeSignal, "granted" | "denied">> = {};
    if (tcString !== undefined) {
      field = "tcString";
      if (typeof tcString !== "string" || !tcString.trim())
        return fail(field, said("tcStringEmpty"));
      const read = tcfConsents(tcString);
      if (!("granted" in read)) return fail(field, read);
      decide = (p) => tcfDecision(p, read);
    } else {
      field = "consentMode";
      const parsed = consentModeSchema.safeParse(consentMode);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          fail(
            ["consentMode", ...issue.path].join("."),
            issue.code === "unrecognized_keys"
              ? said("consentModeUnknownSignal", {
                  signals: issue.keys.map((k) => `"${k.slice(0, 64)}"`).join(", "),
                  count: issue.keys.length,
                  known: knownConsentModeSignals,
                })
              : issue.message,
          );
        return;
      }
      const signals = parsed.data;
      sent = signals;
      // A denial of any signal a purpose stands on decides it, even sent alone (a platform's
      // update of one signal); a grant only when every signal it lists is granted. Otherwise
      // the event says nothing of the purpose.
      decide = (p) => {
        const listed = p.consentModeSignals;
        if (listed.length === 0) return undefined;
        if (listed.some((s) => signals[s] === "denied")) return false;
        return listed.every((s) => signals[s] === "granted") ? true : undefined;
      };
    }
    const eventId = typeof rest.eventId === "string" ? rest.eventId.trim() : rest.eventId;
    let count = 0;
    for (const purpose of mapped) {
      const granted = decide(purpose);
      if (granted === undefined) continue;
      items.push({
        ...rest,
        eventId: typeof eventId === "string" ? `${signalIdBase(eventId)}:${purpose.key}` : eventId,
        purpose: purpose.key,
        action: granted ? "grant" : "deny",
      });
      origin.push(index);
      count++;
    }
    if (count === 0) {
      // Mapped purposes all standing on a TCF purpose the string does not ask about (purpose 1
      // under PurposeOneTreatment): they are mapped, the string just decides none of them.
      const unasked = field === "tcString" && mapped.some((p) => p.tcfPurposes.length > 0);
      // A grant of some of a purpose's signals only (a platform's update of the one that
      // changed): the purpose is mapped, it needs the others too.
      const missing = (p: MappedPurpose) =>
        p.consentModeSignals.filter((s) => sent[s] !== "granted");
      const partly = mapped.find((p) => p.consentModeSignals.some((s) => sent[s] === "granted"));
      fail(
        field,
        field === "consentMode"
          ? partly
            ? said("consentModeIncomplete", {
                purpose: partly.key,
                missing: missing(partly).join(", "),
                count: missing(partly).length,
              })
            : said("consentModeUnmapped")
          : said(unasked ? "tcfPurposeOneUnasked" : "tcfUnmapped"),
      );
    }
  });
  return { items, origin };
}
