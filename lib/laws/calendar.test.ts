/** The calendar is read back by an independent RFC 5545 parser (ical.js), not by string checks. */
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import type { Deadline, LawView } from ".";
import { lawsCalendar } from "./calendar";

const base: Omit<LawView, "id" | "shortName" | "effectiveDate" | "phases"> = {
  name: "A law",
  jurisdictions: ["US-CA"],
  legalStatus: "enacted",
  status: "in_force",
  readiness: 0.5,
  atRisk: false,
  notReady: true,
  next: null,
  sourceUrl: "https://example.org/law",
  reviewedOn: "2026-11-29",
  curePeriodDays: null,
  custom: false,
  notes: "",
  obligations: [],
};

const laws: LawView[] = [
  {
    ...base,
    id: "us-ca-ccpa",
    shortName: 'CCPA, "CPRA"; amended',
    effectiveDate: "2020-01-01",
    phases: [
      { date: "2023-01-01", label: "CPRA amendments" },
      { date: "2023-01-01", label: "Second thing on the same day" },
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
    expect(first.summary).toBe('CCPA, "CPRA"; amended takes effect (US-CA)');
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
