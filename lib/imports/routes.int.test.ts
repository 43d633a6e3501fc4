/**
 * The imports' HTTP routes (upload, start, status, rejected rows) through their real handlers,
 * as a script drives them with an admin key: who may call them, what a bad request is told and
 * that it leaves nothing behind, a start sent twice, and the rejected rows' download.
 *
 * Next.js runs `after()` callbacks once the answer is sent; outside a server there is no answer,
 * so the callbacks are collected here and run when the test says (what the server would do).
 */
import { gzipSync } from "node:zlib";
import { and, eq, sql } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import type * as NextServer from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditEvents, importChunks, jobs } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/lib/api-keys";
import type { Actor } from "@/lib/audit/record";
import { activePurpose } from "@/tests/purposes";
import { keyOwner } from "@/tests/key-owner";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";

const afterAnswer = vi.hoisted(() => [] as (() => unknown)[]);
vi.mock("next/server", async (original) => ({
  ...(await original<typeof NextServer>()),
  after: (task: () => unknown) => void afterAnswer.push(task),
}));

let t: TestDatabase;
let admin: Actor;
const keys = { admin: "", read: "", ingest: "", revoked: "" };

beforeAll(async () => {
  t = await createTestDatabase({ app: true }); // the app's own database too
  admin = await keyOwner(t.db);
  const make = async (name: string, scope: "admin" | "read" | "ingest") =>
    createApiKey(t.db, admin, { name, scopes: [scope] });
  keys.admin = (await make("import script", "admin")).key;
  keys.read = (await make("reader", "read")).key;
  keys.ingest = (await make("feeder", "ingest")).key;
  const revoked = await make("old script", "admin");
  await revokeApiKey(t.db, admin, revoked.id, new Date());
  keys.revoked = revoked.key;
  await activePurpose(t.db, "newsletter");
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(() => {
  afterAnswer.length = 0;
});

const routes = {
  upload: () => import("@/app/(dashboard)/admin/imports/upload/route"),
  start: () => import("@/app/(dashboard)/admin/imports/[id]/start/route"),
  status: () => import("@/app/(dashboard)/admin/imports/[id]/status/route"),
  rejected: () => import("@/app/(dashboard)/admin/imports/[id]/rejected/route"),
};

type Call = { key?: string; headers?: Record<string, string>; body?: BodyInit | null };

const headersOf = ({ key = keys.admin, headers = {} }: Call) => ({
  ...(key ? { authorization: `Bearer ${key}` } : {}),
  ...headers,
});

async function upload(query: string, call: Call & { body?: BodyInit | null } = {}) {
  const { POST } = await routes.upload();
  return POST(
    new Request(`http://localhost/admin/imports/upload?${query}`, {
      method: "POST",
      headers: headersOf({ headers: { "content-type": "text/csv" }, ...call }),
      body: call.body === undefined ? CSV : call.body,
      duplex: "half",
    } as RequestInit),
    { params: Promise.resolve({}) },
  );
}

async function start(id: string, body: string, call: Call = {}) {
  const { POST } = await routes.start();
  return POST(
    new Request(`http://localhost/admin/imports/${id}/start`, {
      method: "POST",
      headers: headersOf({ headers: { "content-type": "application/json" }, ...call }),
      body,
    }),
    { params: Promise.resolve({ id }) },
  );
}

async function read(route: "status" | "rejected", id: string, call: Call = {}) {
  const { GET } = await routes[route]();
  return GET(
    new Request(`http://localhost/admin/imports/${id}/${route}`, { headers: headersOf(call) }),
    {
      params: Promise.resolve({ id }),
    },
  );
}

/** Runs what the routes left for after their answers, as the server would. */
async function runAfterAnswers() {
  const tasks = afterAnswer.splice(0);
  for (const task of tasks) await task();
  return tasks.length;
}

const CSV =
  "subjectId;purpose;action;occurredAt;channel;region\n" +
  "c1;newsletter;grant;2026-10-01T00:00:00Z;web;DE\n" +
  "=1+1;no-such-purpose;grant;2026-10-01T00:00:00Z;web;DE\n" + // a formula a spreadsheet runs
  "c3;no-such-purpose;grant;2026-10-01T00:00:00Z;web;DE\n";

const imports = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(jobs))[0]!.n;
const audited = async (action: string) =>
  t.db
    .select({ entityId: auditEvents.entityId, detail: auditEvents.detail })
    .from(auditEvents)
    .where(eq(auditEvents.action, action));
/** The refused uploads of `fileName`, as the audit trail records them. */
const discardsOf = async (fileName: string) =>
  (await audited("import.discard")).filter(
    (d) => (d.detail as { fileName?: string }).fileName === fileName,
  );

type View = { id: string; status: string; header: string[]; delimiter: string; rejected: number };

describe(`the imports' routes on ${testDriver}`, () => {
  // Without a key the session is asked for, which needs a server's request: the end-to-end tests
  // send a browser without one to the sign-in page.
  it("take an admin key and no other: read and ingest keys 403 (audited), a revoked key 401", async () => {
    const draft = (await (await upload("kind=consent&format=csv&name=a.csv")).json()) as View;
    const calls = [
      (key: string) => upload("kind=consent&format=csv&name=b.csv", { key }),
      (key: string) => start(draft.id, "{}", { key }),
      (key: string) => read("status", draft.id, { key }),
      (key: string) => read("rejected", draft.id, { key }),
    ];
    for (const call of calls) {
      expect((await call(keys.read)).status).toBe(403);
      expect((await call(keys.ingest)).status).toBe(403);
      expect((await call(keys.revoked)).status).toBe(401);
    }
    const denied = await audited("access.denied");
    expect(denied.map((d) => d.entityId)).toEqual(
      expect.arrayContaining([
        "POST /admin/imports/upload",
        `POST /admin/imports/${draft.id}/start`,
        `GET /admin/imports/${draft.id}/status`,
        `GET /admin/imports/${draft.id}/rejected`,
      ]),
    );
    // Nothing was uploaded or started by a refused call.
    expect(await imports()).toBe(1);
    expect(((await (await read("status", draft.id)).json()) as View).status).toBe("draft");
  });

  it("refuse a file sent as a form, and one announced past 200 MB, before storing any of it", async () => {
    const before = await imports();
    const form = new FormData();
    form.set("file", new Blob([CSV], { type: "text/csv" }), "a.csv");
    const multipart = await upload("kind=consent&format=csv&name=a.csv", {
      body: form,
      headers: {},
    });
    expect(multipart.status).toBe(415);
    expect(((await multipart.json()) as { error: string }).error).toContain("--data-binary");
    const urlencoded = await upload("kind=consent&format=csv&name=a.csv", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(urlencoded.status).toBe(415);

    const huge = await upload("kind=consent&format=csv&name=huge.csv", {
      headers: { "content-type": "text/csv", "content-length": String(200 * 1024 * 1024 + 1) },
      body: new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(1024)) }),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({
      error: "The file is larger than 200 MB; split it into smaller files",
    });
    // A compressed file would be stored compressed and read as text: it is asked for as it is.
    for (const encoding of ["gzip", "br"]) {
      const compressed = await upload("kind=consent&format=csv&name=packed.csv", {
        headers: { "content-type": "text/csv", "content-encoding": encoding },
        body: gzipSync(CSV),
      });
      expect(compressed.status).toBe(415);
      expect(((await compressed.json()) as { error: string }).error).toContain("uncompressed");
    }
    expect(await imports()).toBe(before);
    // Refused before an import began: none was stored and then discarded.
    expect(await discardsOf("huge.csv")).toEqual([]);
  });

  it("say what is wrong with an upload's query, keeping nothing", async () => {
    const before = await imports();
    const noKind = await upload("format=csv&name=a.csv");
    expect(noKind.status).toBe(422);
    expect(await noKind.json()).toMatchObject({
      issues: [{ path: ["kind"], said: { key: "uploadKind" } }],
    });
    const unknown = await upload("kind=consent&format=csv&name=a.csv&source=no-such-source");
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({
      issues: [{ path: ["source"], message: 'Unknown data source "no-such-source"' }],
    });
    expect(await imports()).toBe(before);
  });

  it("store a file that stopped half-way as nothing, and say so (400, audited as refused)", async () => {
    const before = await imports();
    let sent = 0;
    const cut = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ === 0) controller.enqueue(new TextEncoder().encode(CSV));
        else controller.error(new Error("the connection was reset"));
      },
    });
    const answer = await upload("kind=consent&format=csv&name=cut.csv", { body: cut });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      error: "The upload stopped before the whole file arrived",
    });
    expect(await imports()).toBe(before);
    expect(await discardsOf("cut.csv")).toEqual([
      expect.objectContaining({
        detail: expect.objectContaining({
          reason: "refused",
          error: "The upload stopped before the whole file arrived",
        }),
      }),
    ]);
  });

  it("start a draft once: a second start is a conflict with the import as it is (409)", async () => {
    const answer = await upload("kind=consent&format=csv&name=twice.csv");
    expect(answer.status).toBe(201);
    expect(answer.headers.get("cache-control")).toBe("private, no-store");
    const draft = (await answer.json()) as View;
    expect(draft).toMatchObject({ status: "draft", delimiter: ";" });
    expect(draft.header).toEqual(CSV.split("\n")[0]!.split(";"));

    expect((await start("not-an-id", "{}")).status).toBe(404);
    expect((await start(draft.id, "")).status).toBe(400);
    expect((await start(draft.id, '{"foo":1}')).status).toBe(422);
    const wrong = await start(draft.id, JSON.stringify({ mapping: { subjectId: "Kunde" } }));
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { error: string }).error).toMatch(
      /^The mapping cannot be used/,
    );
    expect(afterAnswer).toHaveLength(0);

    const first = await start(draft.id, "{}");
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ status: "queued" });
    const again = await start(draft.id, "{}");
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      error: "This import is queued, not a draft",
      status: "queued",
      current: { id: draft.id, status: "queued" },
    });
    expect((await audited("import.start")).filter((a) => a.entityId === draft.id)).toHaveLength(1);

    // The job runs after the answer, once.
    expect(await runAfterAnswers()).toBe(1);
    const done = (await (await read("status", draft.id)).json()) as View & { accepted: number };
    expect(done).toMatchObject({ status: "done", accepted: 1, rejected: 2 });
    expect(afterAnswer).toHaveLength(0); // a finished import is not taken up again
  });

  it("take up a queued import when its status is read (a start whose instance went away)", async () => {
    const draft = (await (await upload("kind=consent&format=csv&name=queued.csv")).json()) as View;
    expect((await start(draft.id, "{}")).status).toBe(202);
    afterAnswer.length = 0; // the instance that started it stopped before running it
    const queued = await read("status", draft.id);
    expect(queued.headers.get("cache-control")).toBe("no-store");
    expect(((await queued.json()) as View).status).toBe("queued");
    expect(await runAfterAnswers()).toBe(1);
    expect(((await (await read("status", draft.id)).json()) as View).status).toBe("done");
  });

  it("take up a running import whose runner went quiet by the database's clock, whatever this instance's says", async () => {
    const draft = (await (await upload("kind=consent&format=csv&name=quiet.csv")).json()) as View;
    expect((await start(draft.id, "{}")).status).toBe(202);
    afterAnswer.length = 0;
    // Its runner took it and then stopped sending heartbeats, two minutes ago by the database.
    await t.db
      .update(jobs)
      .set({
        status: "running",
        detail: sql`${jobs.detail} || '{"runner": "gone"}'::jsonb`,
        heartbeatAt: sql`now() - interval '2 minutes'`,
      })
      .where(eq(jobs.id, draft.id));
    // This instance's clock runs five minutes behind the database's.
    vi.useFakeTimers({ now: Date.now() - 5 * 60_000, toFake: ["Date"] });
    try {
      expect(((await (await read("status", draft.id)).json()) as View).status).toBe("running");
    } finally {
      vi.useRealTimers();
    }
    expect(await runAfterAnswers()).toBe(1);
    expect(((await (await read("status", draft.id)).json()) as View).status).toBe("done");
  });

  it("download the rejected rows as UTF-8 CSV, formulas defused, every row once past a page", async () => {
    expect((await read("rejected", "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    // 5,001 rejected rows: more than one page of the download (5,000 a page).
    const rows = Array.from(
      { length: 5_001 },
      (_, i) => `c${i};no-such-purpose;grant;2026-10-01T00:00:00Z;web;DE`,
    );
    const file = "subjectId;purpose;action;occurredAt;channel;region\n" + rows.join("\n") + "\n";
    const draft = (await (
      await upload("kind=consent&format=csv&name=M%C3%A4rz%20export.csv", { body: file })
    ).json()) as View;
    expect((await read("rejected", draft.id)).status).toBe(200); // a draft: the header alone
    expect(await (await read("rejected", draft.id)).text()).toBe("line,reason,row\n");
    await start(draft.id, "{}");
    await runAfterAnswers();

    const answer = await read("rejected", draft.id);
    expect(answer.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(answer.headers.get("content-disposition")).toBe(
      `attachment; filename="M_rz_export-rejected-rows.csv"; filename*=UTF-8''M%C3%A4rz%20export-rejected-rows.csv`,
    );
    const bytes = Buffer.from(await answer.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    expect(records.map((r) => Number(r.line))).toEqual(rows.map((_, i) => i + 2));
    expect(records[0]).toEqual({
      line: "2",
      reason: 'purpose: Unknown purpose "no-such-purpose"',
      row: rows[0],
    });

    // A row that a spreadsheet would run as a formula is sent with an apostrophe in front.
    const formula = (await (await upload("kind=consent&format=csv&name=f.csv")).json()) as View;
    await start(formula.id, "{}");
    await runAfterAnswers();
    const defused = parse(Buffer.from(await (await read("rejected", formula.id)).arrayBuffer()), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(defused.map((r) => r.row)).toEqual([
      "'=1+1;no-such-purpose;grant;2026-10-01T00:00:00Z;web;DE",
      "c3;no-such-purpose;grant;2026-10-01T00:00:00Z;web;DE",
    ]);
    // The pieces of a finished import's file are gone.
    expect(
      await t.db
        .select()
        .from(importChunks)
        .where(and(eq(importChunks.jobId, formula.id))),
    ).toEqual([]);
  });
});
