import "server-only";
/**
 * Events that carry a consent platform's signal instead of a purpose and an action
 * (docs/imports.md): an IAB TCF v2.2 string (`tcString`) or Google Consent Mode v2 signals
 * (`consentMode`). Each becomes one grant or deny per catalog purpose that lists some of those
 * signals — granted when every signal the purpose lists is granted — with the eventId
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

export type MappedPurpose = {
  key: string;
  tcfPurposes: number[];
  consentModeSignals: ConsentModeSignal[];
};

/** The purposes (not retired) that list TCF purposes or Consent Mode signals. */
export async function mappedPurposes(db: Db): Promise<MappedPurpose[]> {
  return db
    .select({
      key: purposes.key,
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

/**
 * The TCF purposes a TC string has consent for and those it did not ask about, or why it cannot
 * be read. With `purposeOneTreatment` the publisher did not disclose purpose 1 (storage and
 * access: its country's law handles it), so its bit, always 0, is no refusal.
 */
export function tcfConsents(
  tcString: string,
): { granted: Set<number>; unasked: Set<number> } | Said {
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
  return { granted, unasked: new Set(model.purposeOneTreatment ? [1] : []) };
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
    if (tcString !== undefined) {
      field = "tcString";
      if (typeof tcString !== "string" || !tcString.trim())
        return fail(field, said("tcStringEmpty"));
      const read = tcfConsents(tcString);
      if (!("granted" in read)) return fail(field, read);
      const { granted, unasked } = read;
      // A purpose that stands on a TCF purpose the string did not ask about is not decided.
      decide = (p) =>
        p.tcfPurposes.length && !p.tcfPurposes.some((n) => unasked.has(n))
          ? p.tcfPurposes.every((n) => granted.has(n))
          : undefined;
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
      fail(
        field,
        said(
          field === "consentMode"
            ? "consentModeUnmapped"
            : unasked
              ? "tcfPurposeOneUnasked"
              : "tcfUnmapped",
        ),
      );
    }
  });
  return { items, origin };
}
