/**
 * Uploads as background jobs, on both databases: a Windows-1252, semicolon-separated consent file
 * of two pieces with its own column names and some bad rows; previewed, mapped, imported by a
 * job that "crashes" after its first batch and is taken over; exact counts, the rejected rows
 * with reasons, and the same file again storing nothing new. Profiles from NDJSON, sources from
 * CSV.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents, consentEvents, dataSources, importChunks, jobs, profiles } from "@/db/schema";
import { createPurpose } from "@/lib/purposes";
import { createSource } from "@/lib/sources";
import { createTranslator } from "use-intl/core";
import de from "@/messages/de.json";
import { inEnglish, reasonInEnglish } from "./said";
import { sayArgs } from "./say";
import { ada } from "@/tests/actors";
import { failAbandonedJobs, MAX_ATTEMPTS } from "@/lib/jobs";
import { resetShutdown, shutDown } from "@/server/shutdown.mjs";
import { createTestDatabase, type TestDatabase } from "@/tests/database";
import {
  cancelImport,
  clearAbandonedUploads,
  importBatchRows,
  createImport,
  getImport,
  previewImport,
  rejectedRowsCsv,
  resumeImportJobs,
  runImportJob,
  startImport,
} from "./jobs";

let t: TestDatabase;
/** Rows a consent import stores in one transaction on this database. */
let consentBatch: number;

beforeAll(async () => {
  t = await createTestDatabase();
  consentBatch = importBatchRows("consent", t.db);
  await createPurpose(
    t.db,
    ada,
    {
      key: "newsletter",
      name: "Newsletter",
      functionalArea: "marketing",
      legalBasis: "consent",
      customerDescription: "News",
      dataCategories: ["contact"],
      retentionDays: 30,
      status: "active",
    },
    new Date("2026-01-01T00:00:00Z"),
  );
});
afterAll(() => t?.drop());

/** A body as a browser streams it: in pieces of `size` bytes. */
function streamOf(bytes: Uint8Array, size = 64 * 1024): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

/** A consent file of one row, as a browser streams it. */
const oneRow = () =>
  streamOf(
    new TextEncoder().encode(
      "subjectId,purpose,action,occurredAt,channel,region\nc1,newsletter,grant,2026-10-01T00:00:00Z,web,DE\n",
    ),
  );

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const eventCount = async () =>
  Number((await t.db.select({ n: sql<number>`count(*)` }).from(consentEvents))[0]!.n);

/** 15,000 rows (two 1 MB pieces), every 1,000th bad in one of four ways. */
function consentFile(): { bytes: Uint8Array; good: number; bad: number[] } {
  const lines = ["Kunde;Zweck;Aktion;Zeitpunkt;Kanal;Land;Hinweis für Kunden"];
  const bad: number[] = [];
  for (let i = 0; i < 15_000; i++) {
    const line = lines.length + 1;
    const day = String(1 + (i % 28)).padStart(2, "0");
    let row = `kunde-${i};newsletter;${i % 3 ? "grant" : "deny"};2026-10-${day}T08:00:00Z;web;DE;Müller-Hinweis v${i % 4}`;
    if (i % 1000 === 7) {
      bad.push(line);
      row = [
        row.replace("newsletter", "unbekannt"),
        row.replace("2026-10-", "10.2026-"),
        row.replace(";web;DE", ";web"),
        row.replace("2026-10-", "0000-10-"), // no year 0 in PostgreSQL
      ][(bad.length - 1) % 4]!;
    }
    lines.push(row);
  }
  return { bytes: latin1(lines.join("\r\n") + "\r\n"), good: 15_000 - bad.length, bad };
}

const mapping = {
  subjectId: "Kunde",
  purpose: "Zweck",
  action: "Aktion",
  occurredAt: "Zeitpunkt",
  channel: "Kanal",
  region: "Land",
  noticeVersion: "Hinweis für Kunden",
};

async function rejectedCsv(id: string) {
  let text = "";
  for await (const part of rejectedRowsCsv(t.db, id)) text += part;
  return text;
}

describe("a consent upload", () => {
  it("is stored in pieces, previewed with its errors, and imported exactly across a crash", async () => {
    const file = consentFile();
    const draft = await createImport(
      t.db,
      ada,
      { kind: "consent", format: "csv", fileName: "einwilligungen.csv" },
      streamOf(file.bytes),
    );
    expect(draft).toMatchObject({
      status: "draft",
      encoding: "windows-1252",
      delimiter: ";",
      bytes: file.bytes.length,
      header: ["Kunde", "Zweck", "Aktion", "Zeitpunkt", "Kanal", "Land", "Hinweis für Kunden"],
    });
    // German column names match no field by name: the admin maps them.
    expect(draft.mapping).toEqual({});

    const unmapped = await previewImport(t.db, draft.id);
    expect(unmapped.problems.map(inEnglish)).toContain('A column for "subjectId" is required');
    // Each column's first values help choose its field before any is chosen.
    expect(unmapped.rows).toEqual([]);
    expect(unmapped.samples[0]).toEqual(["kunde-0", "kunde-1", "kunde-2"]);
    expect(unmapped.samples[6]).toEqual([
      "Müller-Hinweis v0",
      "Müller-Hinweis v1",
      "Müller-Hinweis v2",
    ]);
    const preview = await previewImport(t.db, draft.id, mapping);
    expect(preview.problems).toEqual([]);
    expect(preview.rows).toHaveLength(20);
    const eighth = preview.rows.find((r) => r.line === file.bad[0])!;
    expect(eighth.reasons.map(reasonInEnglish)).toEqual(['purpose: Unknown purpose "unbekannt"']);
    // Said by its catalog key too, for the page to say in the reader's language.
    expect(eighth.reasons).toEqual([
      { field: "purpose", said: { key: "unknownPurpose", values: { purpose: "unbekannt" } } },
    ]);
    expect(preview.rows.filter((r) => r.reasons.length)).toHaveLength(1);
    expect(preview.rows[0]!.item).toMatchObject({
      subjectId: "kunde-0",
      noticeVersion: "Müller-Hinweis v0",
      eventId: expect.stringMatching(/^row:/),
    });
    expect(await eventCount()).toBe(0); // a preview writes nothing

    await startImport(t.db, ada, draft.id, mapping);
    // The first run stops after one batch, as a crashed instance would.
    expect(await runImportJob(t.db, draft.id, { stopAfter: 1 })).toBeNull();
    const halfway = await getImport(t.db, draft.id);
    expect(halfway).toMatchObject({ status: "running", rows: consentBatch });
    expect(halfway.runFrom).toMatchObject({ rows: 0, bytes: 0 });
    expect(halfway.accepted + halfway.rejected).toBe(consentBatch);
    expect(await eventCount()).toBe(halfway.accepted);
    // Nobody takes it over while its runner's heartbeat is fresh.
    await resumeImportJobs(t.db);
    expect((await getImport(t.db, draft.id)).rows).toBe(consentBatch);
    await t.db
      .update(jobs)
      .set({ heartbeatAt: new Date(Date.now() - 5 * 60_000) })
      .where(eq(jobs.id, draft.id));
    await resumeImportJobs(t.db);

    const done = await getImport(t.db, draft.id);
    // The run that took it over measures its pace from where it took it up.
    expect(done.runFrom).toMatchObject({ rows: consentBatch, bytes: halfway.bytesDone });
    expect(Date.parse(done.runFrom!.at)).toBeGreaterThan(Date.parse(halfway.runFrom!.at));
    expect(done).toMatchObject({
      status: "done",
      rows: 15_000,
      accepted: file.good,
      duplicates: 0,
      rejected: file.bad.length,
      bytesDone: file.bytes.length,
    });
    expect(await eventCount()).toBe(file.good);
    const [stored] = await t.db
      .select()
      .from(consentEvents)
      .where(eq(consentEvents.subjectId, "kunde-1"));
    expect(stored!.noticeVersion).toBe("Müller-Hinweis v1");

    const rejected = (await rejectedCsv(draft.id)).trim().split("\n");
    expect(rejected[0]).toBe("line,reason,row");
    expect(rejected).toHaveLength(1 + file.bad.length);
    expect(rejected[1]).toBe(
      `${file.bad[0]},"purpose: Unknown purpose ""unbekannt""",kunde-7;unbekannt;grant;2026-10-08T08:00:00Z;web;DE;Müller-Hinweis v3`,
    );
    expect(rejected[2]).toMatch(
      new RegExp(`^${file.bad[1]},occurredAt: occurredAt is an ISO 8601`),
    );
    expect(rejected[3]).toMatch(
      new RegExp(
        `^${file.bad[2]},"Line ${file.bad[2]} has 6 fields; the header has 7 \\(the delimiter is "";""; a field holding it must be quoted\\)"`,
      ),
    );
    expect(rejected[4]).toMatch(
      new RegExp(`^${file.bad[3]},"occurredAt: occurredAt is before 1900`),
    );
  }, 120_000);

  it("offers the saved mapping again, and the same file again stores nothing new", async () => {
    const file = consentFile();
    const again = await createImport(
      t.db,
      ada,
      { kind: "consent", format: "csv", fileName: "einwilligungen.csv" },
      streamOf(file.bytes),
    );
    expect(again.mapping).toEqual(mapping);
    await startImport(t.db, ada, again.id, again.mapping);
    await runImportJob(t.db, again.id);
    expect(await getImport(t.db, again.id)).toMatchObject({
      status: "done",
      accepted: 0,
      duplicates: file.good,
      rejected: file.bad.length,
    });
    expect(await eventCount()).toBe(file.good);
  }, 120_000);

  it("files rows under the source the upload comes from unless a row names its own; the same rows from no source are the same events", async () => {
    for (const key of ["crm", "till"])
      await createSource(t.db, ada, {
        key,
        name: key,
        party: "first",
        category: "other",
        channel: "online",
        monthlyVolume: 10,
        activeFrom: "2025-01-01",
      });
    const text = [
      "subjectId,purpose,action,occurredAt,channel,region,source",
      "from-1,newsletter,grant,2026-10-02T00:00:00Z,web,DE,",
      "from-2,newsletter,deny,2026-10-02T00:00:00Z,web,DE,till",
    ].join("\n");
    const upload = (source?: string) =>
      createImport(
        t.db,
        ada,
        { kind: "consent", format: "csv", fileName: "from.csv", source },
        streamOf(new TextEncoder().encode(text)),
      );
    const draft = await upload("crm");
    await startImport(t.db, ada, draft.id, draft.mapping);
    await runImportJob(t.db, draft.id);
    expect(await getImport(t.db, draft.id)).toMatchObject({ status: "done", accepted: 2 });
    const stored = await t.db
      .select({ subject: consentEvents.subjectId, source: dataSources.key })
      .from(consentEvents)
      .leftJoin(dataSources, eq(dataSources.id, consentEvents.sourceId))
      .where(sql`${consentEvents.subjectId} like 'from-%'`)
      .orderBy(consentEvents.subjectId);
    expect(stored).toEqual([
      { subject: "from-1", source: "crm" },
      { subject: "from-2", source: "till" },
    ]);
    const again = await upload();
    await startImport(t.db, ada, again.id, again.mapping);
    await runImportJob(t.db, again.id);
    expect(await getImport(t.db, again.id)).toMatchObject({ accepted: 0, duplicates: 2 });
  });

  it("skips lines of delimiters only, and resumes an import begun when they were rows by counting them as it did", async () => {
    // A batch and a half: the first run stops after the batch, past some of the blank lines.
    const rows = consentBatch * 1.5;
    const lines = ["subjectId,purpose,action,occurredAt,channel,region"];
    for (let i = 0; i < rows; i++) {
      lines.push(`blank-${i},newsletter,grant,2026-10-03T00:00:00Z,web,DE`);
      if (i % 2_000 === 10) lines.push(",,,,,");
    }
    const blanks = lines.length - 1 - rows;
    const bytes = new TextEncoder().encode(lines.join("\n"));
    const runs: Record<string, unknown>[] = [];
    for (const marker of [undefined, "kept"] as const) {
      const draft = await createImport(
        t.db,
        ada,
        { kind: "consent", format: "csv", fileName: `blank-${marker ?? "new"}.csv` },
        streamOf(bytes),
      );
      await startImport(t.db, ada, draft.id, draft.mapping);
      if (marker)
        await t.db
          .update(jobs)
          .set({ detail: sql`${jobs.detail} || ${JSON.stringify({ blankLines: marker })}::jsonb` })
          .where(eq(jobs.id, draft.id));
      // The first run stops after a batch; the one that takes it over reads on from there.
      await runImportJob(t.db, draft.id, { stopAfter: 1 });
      await t.db
        .update(jobs)
        .set({ heartbeatAt: new Date(Date.now() - 5 * 60_000) })
        .where(eq(jobs.id, draft.id));
      await resumeImportJobs(t.db);
      const { status, rows, accepted, duplicates, rejected } = await getImport(t.db, draft.id);
      runs.push({ status, rows, accepted: accepted + duplicates, rejected });
    }
    expect(runs).toEqual([
      { status: "done", rows, accepted: rows, rejected: 0 },
      { status: "done", rows: rows + blanks, accepted: rows, rejected: blanks },
    ]);
  }, 120_000);

  it("hands an import back as its process stops: queued after the batch being stored, the attempt not counted", async () => {
    const rows = consentBatch * 6;
    const lines = ["subjectId,purpose,action,occurredAt,channel,region"];
    for (let i = 0; i < rows; i++)
      lines.push(`stop-${i},newsletter,grant,2026-10-04T00:00:00Z,web,DE`);
    const draft = await createImport(
      t.db,
      ada,
      { kind: "consent", format: "csv", fileName: "stopping.csv" },
      streamOf(new TextEncoder().encode(lines.join("\n"))),
    );
    await startImport(t.db, ada, draft.id, draft.mapping);
    const before = await eventCount();
    const running = runImportJob(t.db, draft.id);
    // The process is told to stop once the first batch is in (SIGTERM: server.mjs's shutDown).
    while ((await getImport(t.db, draft.id)).rows === 0) await new Promise((r) => setTimeout(r, 5));
    try {
      // Returns once the runner handed the job back.
      await shutDown(Promise.resolve(), { workMs: 30_000, databaseMs: 0 });
      expect(await running).toBeNull();
      const handedBack = await getImport(t.db, draft.id);
      expect(handedBack.status).toBe("queued");
      expect(handedBack.rows % consentBatch).toBe(0);
      expect(handedBack.rows).toBeLessThan(rows);
      const [job] = await t.db.select().from(jobs).where(eq(jobs.id, draft.id));
      expect(job!.detail).toMatchObject({ attempts: 0 });
      expect(job!.detail).not.toHaveProperty("runner");
      // A stopping process takes no job, not even one handed back.
      await resumeImportJobs(t.db);
      expect((await getImport(t.db, draft.id)).status).toBe("queued");
    } finally {
      resetShutdown();
    }
    // Another instance takes it at once (no minute of silence to wait for), and goes on from there.
    await resumeImportJobs(t.db);
    const done = await getImport(t.db, draft.id);
    expect(done).toMatchObject({ status: "done", rows, accepted: rows, duplicates: 0 });
    expect((await eventCount()) - before).toBe(rows);
    const [job] = await t.db.select().from(jobs).where(eq(jobs.id, draft.id));
    expect(job!.detail).toMatchObject({ attempts: 1 });
  }, 120_000);

  it("derives eventIds for NDJSON too, rejects text it cannot store by line, and defuses formulas in the download", async () => {
    const event = (subjectId: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        subjectId,
        purpose: "newsletter",
        action: "grant",
        occurredAt: "2026-10-02T08:00:00Z",
        channel: "web",
        region: "DE",
        ...extra,
      });
    const lines = [
      event("nd-1"),
      event("nd-2", { noticeVersion: "v\u0000" }),
      '=HYPERLINK("https://example.com","click")',
      event("nd-3"),
    ];
    const upload = async () => {
      const draft = await createImport(
        t.db,
        ada,
        { kind: "consent", format: "ndjson", fileName: "events.ndjson" },
        streamOf(new TextEncoder().encode(lines.join("\n"))),
      );
      await startImport(t.db, ada, draft.id, null);
      await runImportJob(t.db, draft.id);
      return draft.id;
    };
    const before = await eventCount();
    const first = await upload();
    expect(await getImport(t.db, first)).toMatchObject({
      status: "done",
      accepted: 2,
      rejected: 2,
    });
    expect(await eventCount()).toBe(before + 2);
    const rejected = await rejectedCsv(first);
    expect(rejected).toContain(
      "2,Line 2 holds a character that cannot be stored (a NUL character or broken Unicode),",
    );
    // The line as the file had it, behind an apostrophe: a spreadsheet shows it, never runs it.
    expect(rejected).toContain(`3,Line 3 is not valid JSON,"'=HYPERLINK(""https://example.com""`);
    // The same file again: the same derived eventIds, nothing new.
    const second = await upload();
    expect(await getImport(t.db, second)).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await eventCount()).toBe(before + 2);
  });

  it("counts a Consent Mode row once, however many purposes it decides", async () => {
    for (const key of ["cm-ads", "cm-measure"])
      await createPurpose(
        t.db,
        ada,
        {
          key,
          name: key,
          functionalArea: "marketing",
          legalBasis: "consent",
          customerDescription: "Ads",
          dataCategories: ["contact"],
          retentionDays: 30,
          status: "active",
          consentModeSignals: key === "cm-ads" ? ["ad_storage"] : ["analytics_storage"],
        },
        new Date("2026-01-01T00:00:00Z"),
      );
    const header =
      "subjectId,occurredAt,channel,region,consentMode.ad_storage,consentMode.analytics_storage";
    const file = [
      header,
      "cm-1,2026-10-05T08:00:00Z,web,DE,granted,denied",
      "cm-2,2026-10-05T09:00:00Z,web,DE,denied,denied",
    ].join("\n");
    const upload = async () => {
      const draft = await createImport(
        t.db,
        ada,
        { kind: "consent", format: "csv", fileName: "consent-mode.csv" },
        streamOf(new TextEncoder().encode(file)),
      );
      const fields = header.split(",");
      await startImport(t.db, ada, draft.id, Object.fromEntries(fields.map((f) => [f, f])));
      await runImportJob(t.db, draft.id);
      return getImport(t.db, draft.id);
    };
    const before = await eventCount();
    expect(await upload()).toMatchObject({ rows: 2, accepted: 2, duplicates: 0, rejected: 0 });
    // Two rows, each deciding both purposes.
    expect(await eventCount()).toBe(before + 4);
    expect(await upload()).toMatchObject({ rows: 2, accepted: 0, duplicates: 2, rejected: 0 });
    expect(await eventCount()).toBe(before + 4);

    // A plain row already stored beside a new signal row with the same eventId: the signal
    // row's events ("mix-1:cm-ads", …) are not the plain row's.
    const mixed = async (rows: string[]) => {
      const head = `eventId,purpose,action,${header}`;
      const draft = await createImport(
        t.db,
        ada,
        { kind: "consent", format: "csv", fileName: "mixed.csv" },
        streamOf(new TextEncoder().encode([head, ...rows].join("\n"))),
      );
      const fields = head.split(",");
      await startImport(t.db, ada, draft.id, Object.fromEntries(fields.map((f) => [f, f])));
      await runImportJob(t.db, draft.id);
      return getImport(t.db, draft.id);
    };
    const plain = "mix-1,newsletter,grant,cm-9,2026-10-06T08:00:00Z,web,DE,,";
    const signals = "mix-1,,,cm-9,2026-10-06T09:00:00Z,web,DE,granted,granted";
    expect(await mixed([plain])).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await mixed([plain, signals])).toMatchObject({
      rows: 2,
      accepted: 1,
      duplicates: 1,
      rejected: 0,
    });
    expect(await eventCount()).toBe(before + 4 + 1 + 2);

    // The same row twice in one file is stored once and counted once, signal rows or plain.
    const again = "twice-1,,,cm-9,2026-10-07T09:00:00Z,web,DE,granted,denied";
    const plainTwice = "twice-2,newsletter,grant,cm-9,2026-10-07T08:00:00Z,web,DE,,";
    expect(await mixed([again, again, plainTwice, plainTwice])).toMatchObject({
      rows: 4,
      accepted: 2,
      duplicates: 2,
      rejected: 0,
    });
    expect(await eventCount()).toBe(before + 4 + 1 + 2 + 2 + 1);

    // A signal row with a long eventId (its events' ids are its digest's): counted as stored,
    // then as already there.
    const long = `long-${"z".repeat(190)},,,cm-10,2026-10-08T09:00:00Z,web,DE,granted,denied`;
    expect(await mixed([long])).toMatchObject({ accepted: 1, duplicates: 0, rejected: 0 });
    expect(await mixed([long])).toMatchObject({ accepted: 0, duplicates: 1, rejected: 0 });
    expect(await eventCount()).toBe(before + 4 + 1 + 2 + 2 + 1 + 2);
  });

  it("rejects a CSV row holding a NUL character by its line, and stores the others", async () => {
    const header = "subjectId,purpose,action,occurredAt,channel,region,source";
    const row = (s: string, source = "") =>
      `${s},newsletter,deny,2026-10-03T08:00:00Z,web,DE,${source}`;
    const draft = await createImport(
      t.db,
      ada,
      { kind: "consent", format: "csv", fileName: "nul.csv" },
      streamOf(
        new TextEncoder().encode(
          [header, row("nul-1"), row("nul-2", "we\u0000b"), row("nul-3")].join("\n"),
        ),
      ),
    );
    const fields = header.split(",");
    await startImport(t.db, ada, draft.id, Object.fromEntries(fields.map((f) => [f, f])));
    await runImportJob(t.db, draft.id);
    expect(await getImport(t.db, draft.id)).toMatchObject({
      status: "done",
      accepted: 2,
      rejected: 1,
    });
    // The row as the file had it, the NUL shown as U+FFFD (PostgreSQL cannot keep it).
    expect(await rejectedCsv(draft.id)).toContain(
      '3,Line 3 holds a character that cannot be stored (a NUL character or broken Unicode),"nul-2,newsletter,deny,2026-10-03T08:00:00Z,web,DE,we\uFFFDb"',
    );
  });

  it("refuses a file over the limit, an empty one and a broken header, keeping none", async () => {
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(jobs);
    await expect(
      createImport(
        t.db,
        ada,
        { kind: "consent", format: "csv", fileName: "x.csv" },
        streamOf(new Uint8Array()),
      ),
    ).rejects.toThrow("The file is empty");
    await expect(
      createImport(
        t.db,
        ada,
        { kind: "consent", format: "csv", fileName: "x.csv" },
        streamOf(new TextEncoder().encode('"Kunde;Zweck\n1;2\n')),
      ),
    ).rejects.toThrow(/never closed/);
    // Excel's "Unicode Text": UTF-16 with its byte-order mark, and without one.
    const utf16 = (text: string, mark: boolean) =>
      new Uint8Array([...(mark ? [0xff, 0xfe] : []), ...Buffer.from(text, "utf16le")]);
    for (const mark of [true, false])
      await expect(
        createImport(
          t.db,
          ada,
          { kind: "consent", format: "csv", fileName: "unicode.txt" },
          streamOf(utf16("subjectId\tpurpose\nk1\tnewsletter\n", mark)),
        ),
      ).rejects.toThrow(/^The file is UTF-16/);
    // A JSON export (one array) uploaded as NDJSON: said at once, not as every line's fault.
    await expect(
      createImport(
        t.db,
        ada,
        { kind: "consent", format: "ndjson", fileName: "events.json" },
        streamOf(
          new TextEncoder().encode(
            '\uFEFF\n  [\n  {"subjectId": "k1"},\n  {"subjectId": "k2"}\n]\n',
          ),
        ),
      ),
    ).rejects.toThrow(/^The file is a JSON array: send one JSON object per line \(NDJSON\)/);
    await expect(
      createImport(
        t.db,
        ada,
        { kind: "nope", format: "csv", fileName: "x.csv" },
        streamOf(new Uint8Array(1)),
      ),
    ).rejects.toThrow("The kind of data is one of consent, profiles, sources");
    // Each field said by its catalog key, for the upload form to say in the reader's language.
    const named = await createImport(
      t.db,
      ada,
      { kind: "nope", format: "csv", fileName: "x".repeat(201) },
      streamOf(new Uint8Array(1)),
    ).catch((e: unknown) => e);
    expect(named).toMatchObject({
      message: "The upload is invalid",
      issues: [
        {
          path: "kind",
          said: { key: "uploadKind", values: { kinds: "consent, profiles, sources" } },
        },
        { path: "fileName", said: { key: "uploadFileName", values: { max: 200 } } },
      ],
    });
    const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(jobs);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("refuses a UTF-8 file with one broken byte rather than misread it all", async () => {
    const text = new TextEncoder().encode(
      "subjectId,purpose,action,occurredAt,channel,region,noticeVersion\nk1,newsletter,grant,2026-10-01T00:00:00Z,web,DE,Grüße\n",
    );
    const broken = new Uint8Array([
      ...text,
      ...latin1("k2,newsletter,grant,2026-10-01T00:00:00Z,web,DE,Gr\xfc\xdfe\n"),
    ]);
    await expect(
      createImport(
        t.db,
        ada,
        { kind: "consent", format: "csv", fileName: "broken.csv" },
        streamOf(broken),
      ),
    ).rejects.toThrow(
      /^Line 3 is not valid UTF-8 \(column 51\), although the file is UTF-8 elsewhere/,
    );
  });

  it("refuses a file with a UTF-8 byte-order mark and a broken byte, even in its one piece", async () => {
    const text = latin1(
      "\xef\xbb\xbfsubjectId,purpose,action,occurredAt,channel,region,noticeVersion\nk1,newsletter,grant,2026-10-01T00:00:00Z,web,DE,Gr\xfc\xdfe\n",
    );
    for (const size of [64 * 1024, 1, 2])
      await expect(
        createImport(
          t.db,
          ada,
          { kind: "consent", format: "csv", fileName: "marked.csv" },
          streamOf(text, size),
        ),
        String(size),
      ).rejects.toThrow(/^Line 2 is not valid UTF-8 \(column 51\), although the file is UTF-8/);
  });

  it("refuses a broken byte early in a UTF-8 file whose letters come in a later piece", async () => {
    const header = "subjectId,purpose,action,occurredAt,channel,region,noticeVersion\n";
    const row = (n: number, notice: string) =>
      `k${n},newsletter,grant,2026-10-01T00:00:00Z,web,DE,${notice}\n`;
    const start = latin1(header + row(1, "Gr\xfc\xdfe")); // the one broken byte, line 2
    const plain = new TextEncoder().encode(
      Array.from({ length: 2000 }, (_, i) => row(i + 2, "plain")).join(""),
    );
    const letters = new TextEncoder().encode(row(5000, "Grüße"));
    for (const [name, size] of [
      ["in a piece of its own", 64 * 1024],
      // "ü" split across two pieces: its first byte ends one, its second starts the next.
      ["split across two pieces", start.length + plain.length + letters.indexOf(0xc3) + 1],
    ] as const) {
      await expect(
        createImport(
          t.db,
          ada,
          { kind: "consent", format: "csv", fileName: "late-letters.csv" },
          streamOf(new Uint8Array([...start, ...plain, ...letters]), size),
        ),
        name,
      ).rejects.toThrow(
        /^Line 2 is not valid UTF-8 \(column \d+\), although the file is UTF-8 elsewhere/,
      );
    }
  });

  it("refuses a UTF-8 file whose only letter is split between two pieces and a later byte is broken", async () => {
    const header = "subjectId,purpose,action,occurredAt,channel,region,noticeVersion\n";
    const row = (n: number, notice: string) =>
      `k${n},newsletter,grant,2026-10-01T00:00:00Z,web,DE,${notice}\n`;
    const start = new TextEncoder().encode(header + row(1, "Müller"));
    const broken = latin1(row(2, "M\x96ller"));
    const bytes = new Uint8Array([...start, ...broken]);
    // "ü" ends the first piece with its first byte; the second piece starts with its second.
    const size = start.indexOf(0xc3) + 1;
    await expect(
      createImport(
        t.db,
        ada,
        { kind: "consent", format: "csv", fileName: "split.csv" },
        streamOf(bytes, size),
      ),
    ).rejects.toThrow(
      /^Line 3 is not valid UTF-8 \(column \d+\), although the file is UTF-8 elsewhere/,
    );
  });

  it("refuses a file cut off inside a UTF-8 character rather than read it as Windows-1252", async () => {
    const whole = new TextEncoder().encode(
      "subjectId,purpose,action,occurredAt,channel,region,noticeVersion\nk1,newsletter,grant,2026-10-01T00:00:00Z,web,DE,Grüße",
    );
    await expect(
      createImport(
        t.db,
        ada,
        { kind: "consent", format: "csv", fileName: "cut.csv" },
        streamOf(whole.subarray(0, whole.length - 2)),
      ),
    ).rejects.toThrow(/the file ends in the middle of a character/);
  });

  it("reads a Windows-1252 file whose first letter ends a piece, or the file, as Windows-1252", async () => {
    const header = "subjectId,purpose,action,occurredAt,channel,region,noticeVersion\n";
    const body = latin1(`${header}k1,newsletter,grant,2026-10-01T00:00:00Z,web,DE,Andr\xe9`);
    const split = latin1(
      `${header}k1,newsletter,grant,2026-10-01T00:00:00Z,web,DE,Andr\xe9\nk2,newsletter,grant,2026-10-01T00:00:00Z,web,DE,plain\n`,
    );
    for (const [name, bytes, size] of [
      ["its last byte, no newline after", body, 64 * 1024],
      ["the last byte of the first piece", split, split.indexOf(0xe9) + 1],
    ] as const) {
      const draft = await createImport(
        t.db,
        ada,
        { kind: "consent", format: "csv", fileName: "andre.csv" },
        streamOf(bytes, size),
      );
      expect(draft.encoding, name).toBe("windows-1252");
      const preview = await previewImport(t.db, draft.id);
      expect(preview.rows[0]!.item, name).toMatchObject({ noticeVersion: "André" });
      await cancelImport(t.db, ada, draft.id);
    }
  });

  it("reads Windows-1252 text whose punctuation forms UTF-8 by chance as Windows-1252", async () => {
    // "é »" (with a no-break space) is E9 A0 BB and "ß“" is DF 93: well-formed UTF-8, each.
    const header = "subjectId,purpose,action,occurredAt,channel,region,noticeVersion\n";
    const notices = ["« Politique de confidentialité »", "„Groß“ – Fassung für Kunden"];
    const bytes = latin1(
      header +
        notices
          .map((n, i) => `k${i},newsletter,grant,2026-10-01T00:00:00Z,web,DE,${n}\n`)
          .join("")
          .replaceAll("«", "\xab")
          .replaceAll("»", "\xbb")
          .replaceAll(" »", "\xa0\xbb")
          .replaceAll("„", "\x84")
          .replaceAll("“", "\x93")
          .replaceAll("–", "\x96"),
    );
    for (const size of [64 * 1024, 7]) {
      const draft = await createImport(
        t.db,
        ada,
        { kind: "consent", format: "csv", fileName: "notices.csv" },
        streamOf(bytes, size),
      );
      expect(draft.encoding).toBe("windows-1252");
      const preview = await previewImport(t.db, draft.id);
      expect(preview.rows.map((r) => r.item!.noticeVersion)).toEqual([
        "« Politique de confidentialité\u00a0»",
        "„Groß“ – Fassung für Kunden",
      ]);
      await cancelImport(t.db, ada, draft.id);
    }
  });

  it("takes a column named by a long survey question, and refuses a mapping that is no object", async () => {
    const question =
      `Which of these may we use to contact you? ${"(please read the notice) ".repeat(9)}`.trim();
    expect(question.length).toBeGreaterThan(200);
    const csv = `${question},purpose,action,occurredAt,channel,region\nq1,newsletter,grant,2026-10-01T00:00:00Z,web,DE\n`;
    const draft = await createImport(
      t.db,
      ada,
      { kind: "consent", format: "csv", fileName: "survey.csv" },
      streamOf(new TextEncoder().encode(csv)),
    );
    await expect(startImport(t.db, ada, draft.id, ["subjectId"])).rejects.toThrow(
      "The mapping is an object of field names and column names",
    );
    const started = await startImport(t.db, ada, draft.id, {
      subjectId: question,
      purpose: "purpose",
      action: "action",
      occurredAt: "occurredAt",
      channel: "channel",
      region: "region",
    });
    expect(started.status).toBe("queued");
    await runImportJob(t.db, draft.id);
    expect(await getImport(t.db, draft.id)).toMatchObject({ status: "done", accepted: 1 });
  });

  it("refuses a file with a quote out of place far past its first piece, storing nothing", async () => {
    const before = await eventCount();
    const jobsBefore = (await t.db.select({ n: sql<number>`count(*)::int` }).from(jobs))[0]!.n;
    const header = "subjectId,purpose,action,occurredAt,channel,region,noticeVersion";
    const rows = Array.from(
      { length: 25_000 },
      (_, i) => `late-${i},newsletter,grant,2026-10-04T08:00:00Z,web,DE,"notice, v${i % 9}"`,
    );
    const broken = (at: number, row: string) =>
      new TextEncoder().encode(
        [header, ...rows.slice(0, at - 2), row, ...rows.slice(at - 1)].join("\r\n"),
      );
    const upload = (bytes: Uint8Array) =>
      createImport(
        t.db,
        ada,
        { kind: "consent", format: "csv", fileName: "late.csv" },
        streamOf(bytes),
      );
    // Past the first 1 MB piece (the preview's): a quote opened on the last line, never closed
    // (one opened earlier would end at the next quote, with text after it).
    const unclosed = broken(25_001, 'late-x,newsletter,grant,2026-10-04T08:00:00Z,web,DE,"v1');
    expect(unclosed.byteLength).toBeGreaterThan(1_500_000);
    await expect(upload(unclosed)).rejects.toThrow(
      /^Line 25001 opens a quoted field that is never closed/,
    );
    await expect(
      upload(broken(22_002, 'late-w,newsletter,grant,2026-10-04T08:00:00Z,web,DE,"v1')),
    ).rejects.toThrow(/^Line 22003 has text after a closing quote/);
    await expect(
      upload(broken(23_500, 'late-y,newsletter,grant,2026-10-04T08:00:00Z,web,DE,"v1"x')),
    ).rejects.toThrow(/^Line 23500 has text after a closing quote/);
    await expect(
      upload(broken(24_000, 'late-z,newsletter,grant,2026-10-04T08:00:00Z,web,DE,v"1')),
    ).rejects.toThrow(/^Line 24000 has a quote inside a field that does not start with one/);
    expect(await eventCount()).toBe(before);
    expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(jobs))[0]!.n).toBe(
      jobsBefore,
    );
    // Each refusal is audited with the upload it discarded.
    const discards = await t.db
      .select({ detail: auditEvents.detail, actor: auditEvents.actorLabel })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "import.discard"),
          sql`${auditEvents.detail}->>'fileName' = 'late.csv'`,
        ),
      );
    expect(discards).toHaveLength(4);
    expect(discards).toContainEqual({
      actor: ada.label,
      detail: {
        kind: "consent",
        fileName: "late.csv",
        reason: "refused",
        error: expect.stringMatching(/^Line 25001 opens a quoted field that is never closed/),
      },
    });
  });

  it("is not taken a sixth time when its runner stopped on the fifth: it is marked failed", async () => {
    const draft = await createImport(
      t.db,
      ada,
      { kind: "consent", format: "csv", fileName: "deadly.csv" },
      streamOf(consentFile().bytes),
    );
    await startImport(t.db, ada, draft.id, mapping);
    // As a fifth runner leaves it: running, attempts 5, silent for two minutes.
    await t.db
      .update(jobs)
      .set({
        status: "running",
        heartbeatAt: new Date(Date.now() - 120_000),
        detail: sql`${jobs.detail} || '{"attempts": 5}'::jsonb`,
      })
      .where(eq(jobs.id, draft.id));
    await resumeImportJobs(t.db);
    expect(await getImport(t.db, draft.id)).toMatchObject({ status: "running", rows: 0 });
    expect(await failAbandonedJobs(t.db)).toBe(1);
    const failed = await getImport(t.db, draft.id);
    expect(failed).toMatchObject({ status: "failed", retrying: false });
    expect(failed.error).toMatch(/^It stopped without finishing on its attempt 5 of 5/);
    expect(failed.errorSaid).toEqual({ key: "stoppedAbandoned", values: { attempts: 5 } });
    expect(inEnglish(failed.errorSaid!)).toBe(failed.error);
    await resumeImportJobs(t.db);
    expect(await getImport(t.db, draft.id)).toMatchObject({ status: "failed", rows: 0 });
  });

  it("stays cancelled when stopped while running; its rows so far stay stored", async () => {
    const file = consentFile();
    const draft = await createImport(
      t.db,
      ada,
      { kind: "consent", format: "csv", fileName: "stopped.csv", source: "" },
      streamOf(file.bytes),
    );
    // One more column mapped than the first time: the derived eventIds stay the same.
    await startImport(t.db, ada, draft.id, { ...mapping, channel: "Kanal" });
    await runImportJob(t.db, draft.id, { stopAfter: 1 });
    expect((await getImport(t.db, draft.id)).duplicates).toBeGreaterThan(4_900);
    await cancelImport(t.db, ada, draft.id);
    await t.db
      .update(jobs)
      .set({ heartbeatAt: new Date(Date.now() - 5 * 60_000) })
      .where(eq(jobs.id, draft.id));
    await resumeImportJobs(t.db);
    expect(await getImport(t.db, draft.id)).toMatchObject({
      status: "cancelled",
      rows: consentBatch,
    });
  }, 60_000);

  it("can be cancelled before it starts", async () => {
    const draft = await createImport(
      t.db,
      ada,
      { kind: "consent", format: "csv", fileName: "small.csv" },
      oneRow(),
    );
    expect((await cancelImport(t.db, ada, draft.id)).status).toBe("cancelled");
    await expect(startImport(t.db, ada, draft.id, draft.mapping)).rejects.toThrow(
      "This import is cancelled, not a draft",
    );
    expect(await runImportJob(t.db, draft.id)).toBeNull();
  });

  it("clears an upload of which nothing arrived for an hour when the next starts, with its pieces, audited", async () => {
    const first = await createImport(
      t.db,
      ada,
      { kind: "consent", format: "csv", fileName: "closed-tab.csv" },
      oneRow(),
    );
    const recent = await createImport(
      t.db,
      ada,
      { kind: "consent", format: "csv", fileName: "still-uploading.csv" },
      oneRow(),
    );
    // As a closed tab leaves them: still uploading, one with no piece for two hours, one
    // with a piece a minute ago.
    await t.db
      .update(jobs)
      .set({
        status: "uploading",
        createdAt: sql`now() - interval '3 hours'`,
        heartbeatAt: sql`now() - interval '2 hours'`,
      })
      .where(eq(jobs.id, first.id));
    await t.db.update(jobs).set({ status: "uploading" }).where(eq(jobs.id, recent.id));

    await createImport(
      t.db,
      ada,
      { kind: "consent", format: "csv", fileName: "next.csv" },
      oneRow(),
    );
    const left = await t.db.select({ id: jobs.id }).from(jobs);
    expect(left.map((j) => j.id)).not.toContain(first.id);
    expect(left.map((j) => j.id)).toContain(recent.id);
    const pieces = await t.db.select().from(importChunks).where(eq(importChunks.jobId, first.id));
    expect(pieces).toEqual([]);
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "import.discard"), eq(auditEvents.entityId, first.id)));
    expect(event).toMatchObject({ actorType: "system", actorLabel: "upload clean-up" });
    expect(event!.detail).toEqual({
      kind: "consent",
      fileName: "closed-tab.csv",
      uploadedBy: ada.label,
      reason: "abandoned",
    });
  });

  it("is cleared by the job sweeper's own call, with no other upload starting", async () => {
    const draft = await createImport(
      t.db,
      ada,
      { kind: "consent", format: "csv", fileName: "forgotten.csv" },
      oneRow(),
    );
    const stall = (heartbeat: SQL) =>
      t.db
        .update(jobs)
        .set({
          status: "uploading",
          createdAt: sql`now() - interval '3 hours'`,
          heartbeatAt: heartbeat,
        })
        .where(eq(jobs.id, draft.id));
    // Fifty minutes of quiet is not yet an hour.
    await stall(sql`now() - interval '50 minutes'`);
    expect(await clearAbandonedUploads(t.db)).toBe(0);
    expect(await t.db.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, draft.id))).toHaveLength(
      1,
    );

    await stall(sql`now() - interval '61 minutes'`);
    expect(await clearAbandonedUploads(t.db)).toBe(1);
    expect(await t.db.select().from(jobs).where(eq(jobs.id, draft.id))).toEqual([]);
    expect(await t.db.select().from(importChunks).where(eq(importChunks.jobId, draft.id))).toEqual(
      [],
    );
    const audited = await t.db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "import.discard"), eq(auditEvents.entityId, draft.id)));
    expect(audited).toEqual([
      {
        detail: {
          kind: "consent",
          fileName: "forgotten.csv",
          uploadedBy: ada.label,
          reason: "abandoned",
        },
      },
    ]);
  });
});

describe("an import's file, once nothing will read it", () => {
  it("goes with a draft nobody started within a week, audited, and with an import failed for good", async () => {
    const upload = (fileName: string) =>
      createImport(t.db, ada, { kind: "consent", format: "csv", fileName }, oneRow());
    const age = (id: string, days: number) =>
      t.db
        .update(jobs)
        .set({ heartbeatAt: sql`now() - make_interval(days => ${days})` })
        .where(eq(jobs.id, id));
    const pieces = async (id: string) =>
      (await t.db.select().from(importChunks).where(eq(importChunks.jobId, id))).length;
    const recent = await upload("this-week.csv");
    const forgotten = await upload("forgotten-draft.csv");
    await age(recent.id, 6);
    await age(forgotten.id, 8);
    expect(await clearAbandonedUploads(t.db)).toBe(1);
    expect(await pieces(recent.id)).toBeGreaterThan(0);
    expect(await t.db.select().from(jobs).where(eq(jobs.id, forgotten.id))).toEqual([]);
    expect(await pieces(forgotten.id)).toBe(0);
    const [audited] = await t.db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "import.discard"), eq(auditEvents.entityId, forgotten.id)));
    expect(audited?.detail).toMatchObject({
      fileName: "forgotten-draft.csv",
      reason: "never_started",
    });

    // Failed on its last attempt: no instance takes it again, so its file is read by nobody;
    // the import itself stays listed, with its rejected rows.
    const failed = await upload("breaks.csv");
    const attempt = async (attempts: number) => {
      await t.db
        .update(jobs)
        .set({
          status: "failed",
          detail: sql`${jobs.detail} || ${JSON.stringify({ attempts })}::jsonb`,
        })
        .where(eq(jobs.id, failed.id));
      await clearAbandonedUploads(t.db);
    };
    await attempt(MAX_ATTEMPTS - 1);
    expect(await pieces(failed.id)).toBeGreaterThan(0);
    await attempt(MAX_ATTEMPTS);
    expect(await pieces(failed.id)).toBe(0);
    expect(await getImport(t.db, failed.id)).toMatchObject({ status: "failed" });
  });
});

describe("a slow upload", () => {
  /** A body that runs `meanwhile` once, after `after` bytes have been read from it. */
  function streamThen(
    bytes: Uint8Array,
    after: number,
    meanwhile: () => Promise<void>,
    size = 64 * 1024,
  ) {
    let at = 0;
    let ran = false;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (at >= after && !ran) {
          ran = true;
          await meanwhile();
        }
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(at, at + size));
        at += size;
      },
    });
  }
  /** The clock moves six minutes on (restored after each test). */
  const sixMinutesPass = async () => {
    const now = Date.now();
    vi.spyOn(Date, "now").mockImplementation(() => now + 6 * 60_000);
  };
  /** After a piece: the upload of `fileName` aged as `set` says (its id in `seen`), another starts. */
  const ageThenAnother =
    (fileName: string, set: { createdAt: SQL; heartbeatAt?: SQL }, seen: { id: string }) =>
    async () => {
      seen.id = await uploading(fileName);
      await t.db.update(jobs).set(set).where(eq(jobs.id, seen.id));
      await another();
    };
  const uploading = async (fileName: string) =>
    (
      await t.db
        .select({ id: jobs.id })
        .from(jobs)
        .where(and(eq(jobs.status, "uploading"), sql`${jobs.detail}->>'fileName' = ${fileName}`))
    )[0]!.id;
  const another = () =>
    createImport(t.db, ada, { kind: "consent", format: "csv", fileName: "another.csv" }, oneRow());

  it("is not cleared as abandoned while its pieces still arrive, however long it has taken", async () => {
    const file = consentFile();
    const seen = { id: "" };
    const draft = await createImport(
      t.db,
      ada,
      { kind: "consent", format: "csv", fileName: "slow.csv" },
      // Begun two hours ago; its first piece was stored just now. Another upload starts.
      streamThen(
        file.bytes,
        1.1 * 1024 * 1024,
        ageThenAnother("slow.csv", { createdAt: sql`now() - interval '2 hours'` }, seen),
      ),
    );
    expect(draft).toMatchObject({ id: seen.id, status: "draft", bytes: file.bytes.length });
    const pieces = await t.db.select().from(importChunks).where(eq(importChunks.jobId, draft.id));
    expect(pieces.reduce((n, p) => n + p.data.length, 0)).toBe(file.bytes.length);
  }, 60_000);

  it("stores what it has every five minutes, so a trickle of bytes keeps it alive", async () => {
    const file = consentFile();
    const head = file.bytes.slice(0, 300 * 1024);
    try {
      const draft = await createImport(
        t.db,
        ada,
        { kind: "consent", format: "csv", fileName: "trickle.csv" },
        // Six minutes pass with less than a megabyte arrived.
        streamThen(head, 100 * 1024, sixMinutesPass),
      );
      const pieces = await t.db
        .select({ seq: importChunks.seq, data: importChunks.data })
        .from(importChunks)
        .where(eq(importChunks.jobId, draft.id))
        .orderBy(importChunks.seq);
      // One piece stored when the clock moved, the rest at the end; the file whole, in order.
      expect(pieces.length).toBe(2);
      expect(pieces[0]!.data.length).toBeLessThan(300 * 1024);
      expect(Buffer.concat(pieces.map((p) => Buffer.from(p.data)))).toEqual(Buffer.from(head));
    } finally {
      vi.restoreAllMocks();
    }
  });

  it("reads its header whole when its first piece, stored on a pause, ends inside the header", async () => {
    const file = consentFile();
    try {
      const draft = await createImport(
        t.db,
        ada,
        { kind: "consent", format: "csv", fileName: "paused.csv" },
        streamThen(file.bytes.slice(0, 20 * 1024), 16, sixMinutesPass, 16),
      );
      const [firstPiece] = await t.db
        .select({ data: importChunks.data })
        .from(importChunks)
        .where(and(eq(importChunks.jobId, draft.id), eq(importChunks.seq, 0)));
      expect(firstPiece!.data.length).toBeLessThan(40);
      expect(draft.header).toEqual([
        "Kunde",
        "Zweck",
        "Aktion",
        "Zeitpunkt",
        "Kanal",
        "Land",
        "Hinweis für Kunden",
      ]);
      expect(draft.delimiter).toBe(";");
    } finally {
      vi.restoreAllMocks();
    }
  });

  it("is refused, not broken, when it was cleared after a last piece that ended the file", async () => {
    // Exactly one megabyte: its one piece is stored as the last bytes arrive, and the file ends
    // with nothing left to store after an hour of silence in which the sweeper cleared it.
    const file = consentFile().bytes.slice(0, 1024 * 1024);
    let cleared = 0;
    await expect(
      createImport(
        t.db,
        ada,
        { kind: "consent", format: "csv", fileName: "exact.csv" },
        streamThen(file, file.length, async () => {
          const id = await uploading("exact.csv");
          await vi.waitFor(async () =>
            expect(
              await t.db.select().from(importChunks).where(eq(importChunks.jobId, id)),
            ).toHaveLength(1),
          );
          await t.db
            .update(jobs)
            .set({ heartbeatAt: sql`now() - interval '2 hours'` })
            .where(eq(jobs.id, id));
          cleared = await clearAbandonedUploads(t.db);
        }),
      ),
    ).rejects.toThrow(
      "Nothing of the file arrived for an hour, so the upload was given up; upload the file again",
    );
    expect(cleared).toBe(1);
  }, 60_000);

  it("is refused with a clear message when nothing of it arrived for an hour and it was cleared", async () => {
    const file = consentFile();
    const seen = { id: "" };
    await expect(
      createImport(
        t.db,
        ada,
        { kind: "consent", format: "csv", fileName: "stalled.csv" },
        streamThen(
          file.bytes,
          1.1 * 1024 * 1024,
          ageThenAnother(
            "stalled.csv",
            {
              createdAt: sql`now() - interval '3 hours'`,
              heartbeatAt: sql`now() - interval '2 hours'`,
            },
            seen,
          ),
        ),
      ),
    ).rejects.toThrow(
      "Nothing of the file arrived for an hour, so the upload was given up; upload the file again",
    );
    expect(seen.id).not.toBe("");
    expect(await t.db.select().from(jobs).where(eq(jobs.id, seen.id))).toEqual([]);
    expect(await t.db.select().from(importChunks).where(eq(importChunks.jobId, seen.id))).toEqual(
      [],
    );
  }, 60_000);
});

/** Uploads a file of sources and imports it with the mapping offered. */
async function importSources(format: "csv" | "ndjson", text: string) {
  const draft = await createImport(
    t.db,
    ada,
    { kind: "sources", format, fileName: `sources.${format}` },
    streamOf(new TextEncoder().encode(text)),
  );
  await startImport(t.db, ada, draft.id, draft.mapping);
  await runImportJob(t.db, draft.id);
  return draft;
}

describe("profiles and sources", () => {
  it("imports profiles from NDJSON, rejecting a bad line with its reason", async () => {
    const lines = [
      JSON.stringify({
        subjectId: "p-1",
        region: "DE",
        attributes: [{ group: "contact", name: "email", value: "a@example.com" }],
      }),
      "{not json",
      JSON.stringify({ subjectId: "p-2", region: "Deutschland" }),
      "",
      JSON.stringify({ subjectId: "p-3", region: "FR", identifiers: { email: "c@example.com" } }),
    ];
    const draft = await createImport(
      t.db,
      ada,
      { kind: "profiles", format: "ndjson", fileName: "profiles.ndjson" },
      streamOf(new TextEncoder().encode(lines.join("\n"))),
    );
    await startImport(t.db, ada, draft.id, null);
    await runImportJob(t.db, draft.id);
    expect(await getImport(t.db, draft.id)).toMatchObject({
      status: "done",
      accepted: 2,
      rejected: 2,
    });
    const subjects = await t.db
      .select({ s: profiles.subjectId })
      .from(profiles)
      .orderBy(profiles.subjectId);
    expect(subjects.map((r) => r.s)).toEqual(["p-1", "p-3"]);
    const rejected = await rejectedCsv(draft.id);
    expect(rejected).toContain("2,Line 2 is not valid JSON,{not json");
    expect(rejected).toContain("3,region: Use an ISO code such as DE or US-CA.");
  });

  it("previews a profile repeated in the first rows as the import stores it: no fault", async () => {
    const lines = [
      JSON.stringify({ subjectId: "rep-1", region: "DE" }),
      JSON.stringify({ subjectId: "rep-2", region: "FR" }),
      // The same customer, as the profile's own check reads it (trimmed).
      JSON.stringify({ subjectId: " rep-1 ", region: "AT" }),
      JSON.stringify({ subjectId: "rep-3", region: "Nowhere" }),
    ];
    const draft = await createImport(
      t.db,
      ada,
      { kind: "profiles", format: "ndjson", fileName: "repeated.ndjson" },
      streamOf(new TextEncoder().encode(lines.join("\n"))),
    );
    const preview = await previewImport(t.db, draft.id);
    expect(preview.rows.map((r) => [r.line, r.reasons.length > 0])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
    ]);
    await startImport(t.db, ada, draft.id, null);
    await runImportJob(t.db, draft.id);
    expect(await getImport(t.db, draft.id)).toMatchObject({ accepted: 3, rejected: 1 });
    const [profile] = await t.db
      .select({ region: profiles.region })
      .from(profiles)
      .where(eq(profiles.subjectId, "rep-1"));
    expect(profile?.region).toBe("AT");
  });

  it("refuses an NDJSON line past 1,000,000 characters by its start, storing the others", async () => {
    // 1,050,000 characters or so: past the limit, and short enough to lie whole within the
    // text of two 1 MB pieces.
    const huge = JSON.stringify(
      Array.from({ length: 27_000 }, (_, i) => ({ subjectId: `arr-${i}`, region: "DE" })),
    );
    expect(huge.length).toBeGreaterThan(1_000_000);
    expect(huge.length).toBeLessThan(1_100_000);
    // Wherever the line falls among the file's pieces: running on past the end of the first
    // piece (its start alone is over the limit), or begun late in it and ended in the next.
    for (const padding of [0, 500_000]) {
      const lines = [
        JSON.stringify({ subjectId: `long-${padding}-1`, region: "DE", note: "x".repeat(padding) }),
        huge,
        JSON.stringify({ subjectId: `long-${padding}-2`, region: "FR" }),
      ];
      const draft = await createImport(
        t.db,
        ada,
        { kind: "profiles", format: "ndjson", fileName: "one-array.json" },
        streamOf(new TextEncoder().encode(lines.join("\n"))),
      );
      await startImport(t.db, ada, draft.id, null);
      await runImportJob(t.db, draft.id);
      const rejected = await rejectedCsv(draft.id);
      expect(rejected, `after ${padding} characters`).toMatch(
        /^2,"Line 2 is longer than 1,000,000 characters; NDJSON holds one object per line","\[\{""subjectId"":""arr-0""/m,
      );
      // Its start, not the whole line.
      expect(rejected.length).toBeLessThan(1_000 + padding);
    }
  });

  it("imports sources from CSV; a key already there is a duplicate", async () => {
    const csv = [
      "key,name,party,category,channel,monthlyVolume,activeFrom,dataCategories",
      "shop,Web shop,first,website,online,12000,2026-01-01,contact|purchase_history",
      "shop,Web shop again,first,website,online,1,2026-01-01,",
      "broker,Data broker,fourth,data_broker,online,5,2026-01-01,",
    ].join("\n");
    const draft = await importSources("csv", csv);
    expect(await getImport(t.db, draft.id)).toMatchObject({
      accepted: 1,
      duplicates: 1,
      rejected: 1,
    });
    const [shop] = await t.db.select().from(dataSources).where(eq(dataSources.key, "shop"));
    expect(shop).toMatchObject({
      monthlyVolume: 12000,
      dataCategories: ["contact", "purchase_history"],
    });
    expect(await rejectedCsv(draft.id)).toMatch(/^4,party: /m);
  });

  it("imports sources from NDJSON as the API's JSON writes them", async () => {
    const ndjson = [
      {
        key: "app-json",
        name: "App",
        party: "first",
        category: "mobile_app",
        channel: "online",
        monthlyVolume: 300,
        activeFrom: "2026-02-01",
        dataCategories: ["contact"],
      },
      {
        key: "panel-json",
        name: "Panel",
        party: "second",
        category: "partner",
        channel: "online",
        monthlyVolume: "many",
        activeFrom: "2026-02-01",
      },
    ]
      .map((o) => JSON.stringify(o))
      .join("\n");
    const draft = await importSources("ndjson", ndjson);
    expect(await getImport(t.db, draft.id)).toMatchObject({
      status: "done",
      accepted: 1,
      rejected: 1,
    });
    const [app] = await t.db.select().from(dataSources).where(eq(dataSources.key, "app-json"));
    expect(app).toMatchObject({ monthlyVolume: 300, dataCategories: ["contact"] });
    expect(await rejectedCsv(draft.id)).toMatch(/^2,monthlyVolume: /m);
  });

  it("stores a batch of sources whole or not at all: a crash part-way leaves none of it", async () => {
    // The database refuses the second row as a full disk would stop the job there, with that
    // error's code and PostgreSQL's own words for it.
    await t.db.execute(sql`
      create function refuse_crash() returns trigger language plpgsql as $$
      begin
        if new.key = 'crash-2' then
          raise exception 'could not extend file "base/5/16384": No space left on device'
            using errcode = 'disk_full';
        end if;
        return new;
      end $$`);
    await t.db.execute(sql`
      create trigger refuse_crash before insert on data_sources
      for each row execute function refuse_crash()`);
    const csv = [
      "key,name,party,category,channel,monthlyVolume,activeFrom,dataCategories",
      ...[1, 2, 3].map((n) => `crash-${n},Source ${n},first,website,online,1,2026-01-01,`),
    ].join("\n");
    const draft = await createImport(
      t.db,
      ada,
      { kind: "sources", format: "csv", fileName: "crash.csv" },
      streamOf(new TextEncoder().encode(csv)),
    );
    await startImport(t.db, ada, draft.id, draft.mapping);
    await runImportJob(t.db, draft.id);
    const failed = await getImport(t.db, draft.id);
    expect(failed).toMatchObject({ status: "failed", rows: 0, retrying: true });
    // What the code tells, said from the catalog; the database's own words kept beside it, never
    // the query that met them.
    expect(failed.error).toBe(
      "The import stopped: the database's disk is full. The import is tried again in a few minutes. " +
        '(The database said: could not extend file "base/5/16384": No space left on device)',
    );
    expect(failed.errorSaid).toEqual({
      key: "stoppedRetrying",
      values: {
        reason: 'could not extend file "base/5/16384": No space left on device',
        cause: "diskFull",
      },
    });
    // In the reader's language, the database's English words included in none of it.
    const german = createTranslator({ locale: "de", messages: de, namespace: "importMessages" });
    expect(german(...sayArgs(failed.errorSaid!))).toBe(
      "Der Import wurde unterbrochen: Der Datenträger der Datenbank ist voll. Der Import wird in einigen Minuten erneut versucht.",
    );
    const stored = () =>
      t.db
        .select({ key: dataSources.key })
        .from(dataSources)
        .where(sql`${dataSources.key} like 'crash-%'`);
    expect(await stored()).toEqual([]);

    await t.db.execute(sql`drop trigger refuse_crash on data_sources`);
    await t.db.execute(sql`drop function refuse_crash`);
    await t.db
      .update(jobs)
      .set({ heartbeatAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(jobs.id, draft.id));
    await resumeImportJobs(t.db);
    expect(await getImport(t.db, draft.id)).toMatchObject({
      status: "done",
      accepted: 3,
      duplicates: 0,
    });
    expect(await stored()).toHaveLength(3);
  });
});
