import { describe, expect, it } from "vitest";
import { auditFilter } from "./audit";
import { consentFilter, resolveRange } from "./consent";
import { parseFilter, type FilterDefinition, type ParserMap } from "./core";
import { issuesInEnglish } from "./english";
import { lawFilter } from "./laws";
import { preferenceCenterFilter, resolveFunnelRange } from "./preference-center";
import { profileFilter } from "./profiles";
import { sourceFilter } from "./sources";

const today = "2026-12-01";
/** A filter parsed, its issues as the API says them. */
function parse<P extends ParserMap>(definition: FilterDefinition<P>, query: string) {
  const parsed = parseFilter(definition, query, today);
  return { ...parsed, issues: issuesInEnglish(parsed.issues) };
}
const issues = (query: string) => parse(consentFilter, query).issues;

/**
 * A valid and a refused value of one key of each dashboard's filter, and the sentence that
 * refuses it (the filter's own, or what its parser's shape says), to test the shared rules.
 */
const dashboards = [
  [
    "consent",
    consentFilter,
    "region",
    "DE",
    "Germany",
    "region is an ISO 3166 code such as DE or US-CA",
  ],
  [
    "profiles",
    profileFilter,
    "party",
    "first",
    "1st",
    "party must be one of zero, first, second, third",
  ],
  ["sources", sourceFilter, "channel", "online", "web", "channel must be one of online, offline"],
  [
    "laws",
    lawFilter,
    "status",
    "at_risk",
    "risky",
    "status must be one of in_force, upcoming, at_risk, not_ready",
  ],
  [
    "audit",
    auditFilter,
    "from",
    "2026-11-01",
    "1 Nov",
    "from is the first day, YYYY-MM-DD, 2000-01-01 or later",
  ],
] as const;

describe.each(dashboards)("the %s filter", (_name, definition, key, good, bad, refusal) => {
  const def = definition as FilterDefinition<ParserMap>;

  it("reads a valid value and gives a canonical query string", () => {
    const parsed = parse(def, `${key}=${good}`);
    expect(parsed.issues).toEqual([]);
    expect(parsed.values).toEqual({ [key]: good });
    expect(parsed.query).toBe(`${key}=${good}`);
  });

  it("refuses a repeated key instead of picking one", () => {
    const parsed = parse(def, `${key}=${good}&${key}=${good}`);
    expect(parsed.issues).toEqual([
      { path: key, message: `${key} is given 2 times; give it once` },
    ]);
    expect(parsed.values).toEqual({});
  });

  it("refuses an unknown key, naming the keys it takes", () => {
    const parsed = parse(def, `${key}=${good}&colour=red`);
    expect(parsed.issues).toEqual([
      {
        path: "colour",
        message: `Unknown parameter "colour"; this filter takes ${Object.keys(def.parsers).join(", ")}`,
      },
    ]);
    expect(parsed.values).toEqual({ [key]: good });
  });

  it("refuses a malformed value with a sentence saying what the key takes", () => {
    const parsed = parse(def, `${key}=${encodeURIComponent(bad)}`);
    expect(parsed.issues).toEqual([{ path: key, message: refusal }]);
    expect(parsed.values).toEqual({});
  });

  it("takes an empty value as no filter, from a page's search params too", () => {
    expect(parse(def, `${key}=`)).toEqual({ values: {}, query: "", issues: [] });
    expect(parseFilter(def, { [key]: [good, good] }, today).issues).toHaveLength(1);
    expect(parseFilter(def, { [key]: good }, today).values).toEqual({ [key]: good });
  });
});

describe("the consent filter's range", () => {
  it("refuses the hostile query at once, naming from and to", () => {
    const started = performance.now();
    expect(issues("from=0000-01-01&to=9999-12-31&interval=day")).toEqual([
      { path: "from", message: "from must be on or after 2000-01-01" },
      { path: "to", message: "to must be on or before 2027-12-01 (one year after today)" },
    ]);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it("refuses days that do not exist", () => {
    expect(issues("from=2026-02-30")).toEqual([
      { path: "from", message: "from is the first day, YYYY-MM-DD, 2000-01-01 or later" },
    ]);
  });

  it("refuses a from after to, also when to is today by default", () => {
    expect(issues("from=2026-06-02&to=2026-06-01")).toEqual([
      { path: "from", message: "from (2026-06-02) must be on or before to (2026-06-01)" },
    ]);
    expect(issues("from=2027-01-01")).toEqual([
      { path: "from", message: "from (2027-01-01) must be on or before to (2026-12-01)" },
    ]);
  });

  it("refuses more daily points than the cap, defaults included", () => {
    expect(issues("from=2020-01-01&interval=day")).toEqual([
      {
        path: "interval",
        message:
          "A series by day has at most 1,100 points; 2020-01-01 to 2026-12-01 has 2,527: choose a shorter range or a longer interval",
      },
    ]);
    expect(issues("from=2020-01-01&interval=month")).toEqual([]);
    expect(issues("from=2000-01-01&to=2027-12-01&interval=month")).toEqual([]);
  });

  it("accepts the defaults and a range that ends next year", () => {
    expect(issues("")).toEqual([]);
    expect(issues("to=2000-01-05")).toEqual([]);
    expect(resolveRange({ to: "2000-01-05" }, today)).toEqual({
      from: "2000-01-01",
      to: "2000-01-05",
      interval: "week",
    });
    expect(issues("from=2026-01-01&to=2027-12-01&interval=day")).toEqual([]);
  });

  it("lists the canonical query in the definition's key order", () => {
    expect(parse(consentFilter, "interval=day&region=DE&from=2026-11-01").query).toBe(
      "from=2026-11-01&region=DE&interval=day",
    );
  });
});

describe("the preference-center funnel's range", () => {
  const funnel = (query: string) => parse(preferenceCenterFilter, query).issues;

  it("refuses a from after to, also when to is today by default", () => {
    expect(funnel("from=2026-06-02&to=2026-06-01")).toEqual([
      { path: "from", message: "from (2026-06-02) must be on or before to (2026-06-01)" },
    ]);
    expect(funnel("from=2026-12-02")).toEqual([
      { path: "from", message: "from (2026-12-02) must be on or before to (2026-12-01)" },
    ]);
  });

  it("starts its default 30 days no earlier than the first day there is", () => {
    expect(funnel("to=2000-01-05")).toEqual([]);
    expect(resolveFunnelRange({ to: "2000-01-05" }, today)).toEqual({
      from: "2000-01-01",
      to: "2000-01-05",
    });
    expect(resolveFunnelRange({}, today)).toEqual({ from: "2026-11-02", to: today });
  });
});

describe("a refused value's sentence", () => {
  it("comes from the parser's shape unless the filter words it itself", () => {
    expect(parse(auditFilter, "actor=" + "x".repeat(201)).issues).toEqual([
      { path: "actor", message: "actor is at most 200 characters" },
    ]);
    expect(parse(lawFilter, "jurisdiction=Germany").issues).toEqual([
      {
        path: "jurisdiction",
        message: "jurisdiction is EU, EEA or an ISO 3166 code such as DE or US-CA",
      },
    ]);
    // The GDPR's jurisdiction, which the filter offers.
    expect(parse(lawFilter, "jurisdiction=eea")).toMatchObject({
      values: { jurisdiction: "EEA" },
      issues: [],
    });
  });
});

describe("the audit log's page cursor", () => {
  it("reads the cursor its links write, to the microsecond, and refuses others", () => {
    const cursor = "2026-12-01T10:00:00.123456Z~42";
    expect(parse(auditFilter, `cursor=${cursor}`).values).toEqual({
      cursor: { at: "2026-12-01T10:00:00.123456Z", id: 42 },
    });
    const { query } = parse(auditFilter, `cursor=${cursor}`);
    expect(parse(auditFilter, query).values).toEqual(parse(auditFilter, `cursor=${cursor}`).values);
    expect(parse(auditFilter, "cursor=2026-12-01T10:00:00.123Z~42").issues).toEqual([
      {
        path: "cursor",
        message: "cursor is where a page of the log starts, as the log's own links give it",
      },
    ]);
  });
});
