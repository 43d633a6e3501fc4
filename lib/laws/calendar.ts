/**
 * The laws calendar (RFC 5545, built by the `ics` library): one all-day event per effective
 * date and per later phase, and one per internal deadline, each with a reminder 30 days before
 * (7 days for internal deadlines). UIDs are stable, so a subscribed calendar updates in place.
 * Text comes from people (own laws, deadlines), so control characters never reach the file:
 * `ics` escapes only CRLF and LF, and a bare CR, a NUL or an escape sequence would split a line
 * or reach the calendar app as it is.
 *
 * Its words are in the reader's language (messages: calendar), phases by the catalog's German
 * names where it has them; UIDs never depend on the language, so a subscription that changes
 * language updates its events in place.
 *
 * Three things `ics` (3.12) writes against the RFC are put right here: a reminder's text is not
 * escaped (a comma, semicolon or backslash in a title reached the file bare), a reminder's
 * duration ends in a "T" with no time after it (`-P7DT`, which strict readers drop), and lines
 * are folded at 75 characters where the RFC counts 75 octets ("ä" is two, an emoji four).
 */
import { createEvents, type DateArray, type EventAttributes } from "ics";
import { shippedTranslator } from "@/i18n/shipped";
import type { Locale } from "@/i18n/config";
import type { Deadline, LawView } from ".";
import { lawName, lawTitle } from "./model";
import { LATEST_STORED_DAY } from "@/lib/stored-day";

/** C0 controls (tab and line breaks included), DEL and C1 controls (NEL included). */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]+/g;
const BREAKS = /[\t\n\v\f\r\u0085]/;

/** One line of text: a run of controls goes, or becomes one space when it held a break or tab. */
export function icsLine(text: string): string {
  return text.replace(CONTROLS, (run) => (BREAKS.test(run) ? " " : ""));
}

/** Text of several lines: line breaks (CRLF, CR, LF, VT, FF, NEL) become LF, which ics escapes. */
export function icsLines(text: string): string {
  return text
    .split(/\r\n|[\n\v\f\r\u0085]/)
    .map(icsLine)
    .join("\n");
}

/** TEXT as RFC 5545 writes it (§3.3.11), for the one property `ics` does not escape. */
function escapedText(text: string): string {
  return text.replace(/[\\;,]/g, (c) => `\\${c}`);
}

/** Each content line at most 75 octets, continued on lines that start with a space (§3.1). */
function foldedByOctets(ics: string): string {
  const lines = ics.replace(/\r\n[ \t]/g, "").split("\r\n");
  return lines
    .map((line) => line.replace(/^(TRIGGER:-?P\d+[DW])T$/, "$1"))
    .map((line) => {
      const pieces: string[] = [];
      let piece = "";
      let octets = 0;
      for (const character of line) {
        const size = Buffer.byteLength(character);
        // The first line holds 75 octets; a continuation 74 after its leading space.
        if (octets + size > (pieces.length === 0 ? 75 : 74)) {
          pieces.push(piece);
          piece = "";
          octets = 0;
        }
        piece += character;
        octets += size;
      }
      pieces.push(piece);
      return pieces.join("\r\n ");
    })
    .join("\r\n");
}

const LATEST_YEAR = Number(LATEST_STORED_DAY.slice(0, 4));

function dateArray(day: string): DateArray {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return [y, m, d];
}

function nextDay(day: string): DateArray {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return dateArray(date.toISOString().slice(0, 10));
}

function allDay(day: string): Pick<EventAttributes, "start"> & { end: DateArray } {
  return { start: dateArray(day), end: nextDay(day) };
}

export function lawsCalendar(
  laws: readonly LawView[],
  deadlines: readonly Deadline[],
  host: string,
  locale: Locale = "en",
): string {
  const t = shippedTranslator(locale, "calendar");
  const events: EventAttributes[] = [];
  for (const law of laws) {
    if (law.status === "repealed") continue;
    const id = icsLine(law.id);
    const jurisdictions = law.jurisdictions.map(icsLine);
    const where = jurisdictions.join(", ");
    const shortName = icsLine(lawName(law, locale));
    const description = [
      icsLine(lawTitle(law, locale)),
      t("jurisdictions", { list: where }),
      law.sourceUrl ? t("source", { url: icsLine(law.sourceUrl) }) : t("ownLaw"),
    ].join("\n");
    const common = {
      categories: [t("lawCategory"), ...jurisdictions],
      // The source goes in the description: ics's URL check is stricter than the URLs people
      // enter, and one law must never break the whole calendar.
      transp: "TRANSPARENT" as const,
      alarms: [
        {
          action: "display" as const,
          description: escapedText(t("daysToGo", { title: shortName, days: 30 })),
          trigger: { days: 30, before: true },
        },
      ],
    };
    events.push({
      ...allDay(law.effectiveDate),
      ...common,
      uid: `law-${id}@${host}`,
      title: t("takesEffect", { law: shortName }),
      description,
    });
    for (const phase of law.phases) {
      events.push({
        ...allDay(phase.date),
        ...common,
        uid: `law-${id}-${phase.date}-${hashLabel(phase.label)}@${host}`,
        title: t("phase", {
          law: shortName,
          label: icsLine((locale === "de" && phase.labelDe) || phase.label),
        }),
        description,
      });
    }
  }
  for (const deadline of deadlines) {
    const title = icsLine(deadline.title);
    const notes = icsLines(deadline.notes);
    events.push({
      ...allDay(deadline.date),
      uid: `deadline-${icsLine(deadline.id)}@${host}`,
      title: t("internalDeadline", { title }),
      description: notes || undefined,
      categories: [t("deadlineCategory")],
      transp: "TRANSPARENT",
      alarms: [
        {
          action: "display",
          description: escapedText(t("daysToGo", { title, days: 7 })),
          trigger: { days: 7, before: true },
        },
      ],
    });
  }
  // A date past the stored range (a 9999-12-31 placeholder kept from before it was refused)
  // would end on a day of a five-digit year, which no calendar can read: it is left out.
  const readable = events.filter((e) => (e.start as DateArray)[0] <= LATEST_YEAR);
  const { error, value } = createEvents(readable, {
    productId: `-//Firstparty//Privacy laws//${locale.toUpperCase()}`,
    calName: t("name"),
  });
  if (error || value === null) throw error ?? new Error("ics produced no calendar");
  return foldedByOctets(value);
}

/** A short, stable tag so two phases on one day get different UIDs. */
function hashLabel(label: string): string {
  let h = 0;
  for (const ch of label) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return h.toString(36);
}
