/** The calendar is read back by an independent RFC 5545 parser (ical.js), not by string checks. */
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import type { Deadline, LawView } from ".";
import { lawsCalendar } from "./calendar";

const base: Omit<LawView, "id" | "shortName" | "effectiveDate" | "phases"> = {
  name: "A law",
  nameDe: "",
  shortNameDe: "",
  jurisdictions: ["US-CA"],
  legalStatus: "enacted",
  status: "in_force",
  obligationsFrom: null,
  readiness: 0.5,
  readinessNow: 0.5,
  atRisk: false,
  notReady: true,
  openObligations: 1,
  next: null,
  sourceUrl: "https://example.org/law",
  sources: [{ url: "https://example.org/law", title: "A law", kind: "statute" }],
  reviewedOn: "2026-11-29",
  curePeriodDays: null,
  cure: { days: null, endsOn: null, ended: false },
  custom: false,
  notes: "",
  notesDe: "",
  obligations: [],
};

const laws: LawView[] = [
  {
    ...base,
    id: "us-ca-ccpa",
    shortName: 'CCPA, "CPRA"; amended',
    effectiveDate: "2020-01-01",
    phases: [
      { date: "2023-01-01", label: "CPRA amendments", labelDe: "" },
      { date: "2023-01-01", label: "Second thing on the same day", labelDe: "" },
    ],
  },
  {
    ...base,
    id: "repealed",
    shortName: "Gone",
    effectiveDate: "2019-01-01",
    phases: [],
    status: "repealed",
  },
  {
    ...base,
    id: "own-x",
    shortName: "X",
    effectiveDate: "2027-12-31",
    phases: [],
    custom: true,
    sourceUrl: null,
  },
  // A URL that ics's own URL check refuses must not break the calendar.
  {
    ...base,
    id: "own-y",
    shortName: "Y",
    effectiveDate: "2027-06-01",
    phases: [],
    custom: true,
    sourceUrl: "https://Example.com/a b",
  },
];
const deadlines: Deadline[] = [
  {
    id: "2b1e6a1e-6f4c-4b43-9d61-5b2f3c1d0e9a",
    title: "GPC in the app",
    date: "2027-01-15",
    lawId: "us-ca-ccpa",
    notes: "Ticket APP-412",
    createdAt: "2026-11-01T00:00:00.000Z",
  },
];

describe("lawsCalendar", () => {
  const text = lawsCalendar(laws, deadlines, "firstparty.example");
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));

  it("is a calendar with one event per date of laws not repealed, and per deadline", () => {
    expect(calendar.name).toBe("vcalendar");
    expect(calendar.getFirstPropertyValue("prodid")).toContain("Firstparty");
    expect(events).toHaveLength(3 + 1 + 1 + 1);
    expect(events.map((e) => e.summary)).not.toContain(expect.stringContaining("Gone"));
  });

  it("makes all-day events on the right day, one day long", () => {
    const first = events.find((e) => e.uid === "law-us-ca-ccpa@firstparty.example")!;
    expect(first.startDate.isDate).toBe(true);
    expect(first.startDate.toString()).toBe("2020-01-01");
    expect(first.endDate.toString()).toBe("2020-01-02");
    const newYear = events.find((e) => e.startDate.toString() === "2027-12-31")!;
    expect(newYear.endDate.toString()).toBe("2028-01-01");
  });

  it("keeps text with commas, quotes and semicolons intact", () => {
    const first = events.find((e) => e.uid === "law-us-ca-ccpa@firstparty.example")!;
    expect(first.summary).toBe('CCPA, "CPRA"; amended (US-CA) takes effect');
    expect(first.description).toContain("Source: https://example.org/law");
  });

  it("gives every event a unique, stable UID and a reminder", () => {
    const uids = events.map((e) => e.uid);
    expect(new Set(uids).size).toBe(uids.length);
    expect(lawsCalendar(laws, deadlines, "firstparty.example").match(/UID:.*/g)).toEqual(
      text.match(/UID:.*/g),
    );
    for (const e of events) {
      const alarm = e.component.getFirstSubcomponent("valarm");
      expect(alarm, e.summary).not.toBeNull();
      expect(alarm!.getFirstPropertyValue("action")).toBe("DISPLAY");
      expect(String(alarm!.getFirstPropertyValue("trigger"))).toMatch(/^-P/);
    }
    const deadline = events.find((e) => e.summary.startsWith("Internal deadline"))!;
    expect(deadline.description).toBe("Ticket APP-412");
  });
});

describe("lawsCalendar with a placeholder date stored before dates ended at 2999", () => {
  it("leaves that date out and stays a calendar every reader takes", () => {
    const someday = {
      ...deadlines[0]!,
      id: "9f0c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f",
      date: "9999-12-31",
    };
    const text = lawsCalendar(laws, [...deadlines, someday], "firstparty.example");
    expect(text).not.toContain("10000");
    const calendar = new ICAL.Component(ICAL.parse(text));
    const uids = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v).uid);
    expect(uids).toContain(`deadline-${deadlines[0]!.id}@firstparty.example`);
    expect(uids).not.toContain(`deadline-${someday.id}@firstparty.example`);
  });
});

describe("lawsCalendar as strict RFC 5545 readers read it", () => {
  const awkward: Deadline = {
    ...deadlines[0]!,
    id: "5c0d2f4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
    title: "Export C:\\new; A, B",
  };
  const long: LawView = {
    ...laws[0]!,
    id: "de-long",
    shortName: "Gesetz über die Verarbeitung personenbezogener Daten in Rechtsräumen 🇩🇪🇪🇺 äöü",
    phases: [],
  };
  const text = lawsCalendar([long], [awkward], "firstparty.example", "de");
  const events = new ICAL.Component(ICAL.parse(text))
    .getAllSubcomponents("vevent")
    .map((v) => new ICAL.Event(v));

  it("escapes a reminder's text: commas, semicolons and backslashes come back as written", () => {
    const deadline = events.find((e) => e.uid.startsWith("deadline-"))!;
    const alarm = deadline.component.getFirstSubcomponent("valarm")!;
    expect(alarm.getFirstPropertyValue("description")).toBe("Export C:\\new; A, B: noch 7 Tage");
  });

  it("writes each reminder's duration as the RFC's grammar allows (no T without a time)", () => {
    const triggers = text.match(/^TRIGGER:.*$/gm)!;
    expect(triggers.length).toBe(2);
    for (const trigger of triggers) expect(trigger).toMatch(/^TRIGGER:-P\d+D\r?$/);
  });

  it("folds lines at 75 octets, never inside a character", () => {
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(text).not.toContain("\uFFFD");
    const law = events.find((e) => e.uid === "law-de-long@firstparty.example")!;
    expect(law.summary).toContain(long.shortName);
  });
});

describe("lawsCalendar with control characters in its text", () => {
  // Every C0 control, DEL and every C1 control (NEL U+0085 included).
  const controls = [
    ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
    "\u007f",
    ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i)),
  ].join("");
  const anyControl = /[\u0000-\u001f\u007f-\u009f]/;
  const dirty: LawView = {
    ...base,
    id: "own-dirty",
    name: `Loi\u0000 n° 25${controls}— Québec`,
    shortName: `Loi\u0007 25\u0085bis\u001b[31m 日本語 😀`,
    jurisdictions: ["CA-QC\u0000"],
    effectiveDate: "2027-09-22",
    phases: [{ date: "2027-10-01", label: `Phase\r\ntwo\u009b`, labelDe: "" }],
    custom: true,
    sourceUrl: "https://example.org/loi\u0000\u007f25",
  };
  const deadline: Deadline = {
    ...deadlines[0]!,
    id: "3c2f7b2f-7d5d-4c54-8e72-6c3f4d2e1fab",
    title: `Deadline${controls}done`,
    notes: `line one\u0000\r\nline two\rline three\u0085line four\tend\u007f`,
  };
  const text = lawsCalendar([dirty], [deadline], "firstparty.example");
  const events = new ICAL.Component(ICAL.parse(text))
    .getAllSubcomponents("vevent")
    .map((v) => new ICAL.Event(v));
  const byUid = (prefix: string) => events.find((e) => e.uid.startsWith(prefix))!;

  it("writes none of them: every line holds printable text only", () => {
    // Unfolded first: RFC 5545 folds a long line with CRLF and one space or tab (ics uses tab).
    const lines = text.replace(/\r\n[ \t]/g, "").split("\r\n");
    for (const line of lines) expect(line, JSON.stringify(line)).not.toMatch(anyControl);
    expect(events).toHaveLength(3);
  });

  it("drops them from titles, a line break or tab standing as one space", () => {
    expect(byUid("law-own-dirty@").summary).toBe("Loi 25 bis[31m 日本語 😀 (CA-QC) takes effect");
    expect(byUid("law-own-dirty-2027-10-01-").summary).toBe(
      "Loi 25 bis[31m 日本語 😀 (CA-QC): Phase two",
    );
    expect(byUid("deadline-").summary).toBe("Internal deadline: Deadline done");
    expect(byUid("law-own-dirty@").component.getFirstPropertyValue("categories")).toBe(
      "privacy law",
    );
    expect(
      byUid("law-own-dirty@").component.getAllProperties("categories")[0]!.getValues(),
    ).toEqual(["privacy law", "CA-QC"]);
  });

  it("keeps the line breaks of descriptions as line breaks, and non-ASCII text as it is", () => {
    expect(byUid("law-own-dirty@").description).toBe(
      "Loi n° 25 — Québec\nJurisdictions: CA-QC\nSource: https://example.org/loi25",
    );
    expect(byUid("deadline-").description).toBe("line one\nline two\nline three\nline four end");
    const alarm = byUid("deadline-").component.getFirstSubcomponent("valarm")!;
    expect(alarm.getFirstPropertyValue("description")).toBe("Deadline done: 7 days to go");
  });
});

describe("lawsCalendar in German", () => {
  const law: LawView = {
    ...base,
    id: "eu-x",
    shortName: "X-Gesetz",
    jurisdictions: ["DE"],
    effectiveDate: "2027-03-01",
    phases: [
      { date: "2027-09-01", label: "most duties apply", labelDe: "die meisten Pflichten gelten" },
      { date: "2028-01-01", label: "phase without German", labelDe: "" },
    ],
  };
  const parse = (text: string) =>
    new ICAL.Component(ICAL.parse(text))
      .getAllSubcomponents("vevent")
      .map((v) => new ICAL.Event(v));
  const german = lawsCalendar([law], deadlines, "firstparty.example", "de");
  const english = lawsCalendar([law], deadlines, "firstparty.example", "en");
  const events = parse(german);
  const byUid = (uid: string) => events.find((e) => e.uid === uid)!;

  it("names dates, places, sources and reminders in German", () => {
    const start = byUid("law-eu-x@firstparty.example");
    expect(start.summary).toBe("X-Gesetz (DE) wird anwendbar");
    expect(start.description).toBe("A law\nRechtsräume: DE\nQuelle: https://example.org/law");
    const alarm = start.component.getFirstSubcomponent("valarm")!;
    expect(alarm.getFirstPropertyValue("description")).toBe("X-Gesetz (DE): noch 30 Tage");
    const deadline = events.find((e) => e.summary.startsWith("Interne Frist"))!;
    expect(deadline.summary).toBe("Interne Frist: GPC in the app");
    expect(new ICAL.Component(ICAL.parse(german)).getFirstPropertyValue("x-wr-calname")).toBe(
      "Fristen der Datenschutzgesetze (Firstparty)",
    );
  });

  it("names a phase by the catalog's German name, and by its own where it has none", () => {
    const summaries = events.map((e) => e.summary);
    expect(summaries).toContain("X-Gesetz (DE): die meisten Pflichten gelten");
    expect(summaries).toContain("X-Gesetz (DE): phase without German");
  });

  it("names a law by its German title and short name where the catalog has them", () => {
    const gdpr: LawView = {
      ...law,
      id: "eu-gdpr",
      name: "General Data Protection Regulation",
      nameDe: "Datenschutz-Grundverordnung",
      shortName: "GDPR",
      shortNameDe: "DSGVO",
      jurisdictions: ["EU"],
      phases: [],
    };
    const [de] = parse(lawsCalendar([gdpr], [], "firstparty.example", "de"));
    expect(de!.summary).toBe("DSGVO (EU) wird anwendbar");
    expect(de!.description.split("\n")[0]).toBe("Datenschutz-Grundverordnung");
    const [en] = parse(lawsCalendar([gdpr], [], "firstparty.example", "en"));
    expect(en!.summary).toBe("GDPR (EU) takes effect");
    expect(en!.description.split("\n")[0]).toBe("General Data Protection Regulation");
  });

  it("keeps every UID of the English calendar, so a subscription updates in place", () => {
    expect(german.match(/UID:.*/g)).toEqual(english.match(/UID:.*/g));
    expect(parse(english).map((e) => e.summary)).toContain("X-Gesetz (DE) takes effect");
  });
});
