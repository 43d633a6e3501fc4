/**
 * `npm run bench:profiles` — loads 1M synthetic profiles (with their identifiers and attributes,
 * scored by the default completeness model) into PostgreSQL with COPY, plus consent events for a
 * fifth of them, rebuilds the aggregates, then drives the production server: p50/p95 of
 * GET /api/v1/metrics/profiles across the dashboard's filters (target p95 ≤ 150 ms), and HTTP
 * upsert throughput with batches of 1,000. Identity: about 30% of the profiles share an
 * identifier with another (the demo's customers met twice, plus more of the same); the full
 * identity rebuild is timed (target ≤ 60 s), per-person metrics are read like the others, and
 * upsert batches that merge every profile into an existing person are timed against batches that
 * merge none (target ≤ 1.5×). The phase-out simulator with every third-party source retired is
 * read the same way (target p95 ≤ 500 ms). Needs `npm run build` first and the PostgreSQL at
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 * BENCH_PROFILES=200000 for a quick run.
 */
import type { ChildProcess } from "node:child_process";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql as dsql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase } from "@/db/connect";
import { migrateDatabase } from "@/db/migrate";
import * as schema from "@/db/schema";
import { generateConsentEvents, prng, syntheticRegions } from "@/lib/demo/consent";
import { generateProfiles } from "@/lib/demo/profiles";
import { demoPurposes } from "@/lib/demo/purposes";
import { demoSources } from "@/lib/demo/sources";
import { rebuildConsentRollups } from "@/lib/consent/ingest";
import { rebuildProfileRollups } from "@/lib/profiles/rollups";
import { markIdentitiesCurrent } from "@/lib/identity/backfill";
import { rowsOf } from "@/lib/sql-rows";
import { normalizeIdentifier } from "@/lib/identity/normalize";
import { rebuildIdentities } from "@/lib/identity/resolve";
import { defaultModel } from "@/lib/profiles/schema";
import { derive, is360 } from "@/lib/profiles/score";
import { createPurpose } from "@/lib/purposes";
import { createSource } from "@/lib/sources";
import { createBenchDatabase } from "./lib/bench-database";
import { fmt, percentile, startServer, stopServer, runToExit } from "./lib/harness";
import { benchKeys } from "./lib/bench-data";

const PROFILES = Number(process.env.BENCH_PROFILES ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const CHUNK = 20_000;
const system = { type: "system", label: "bench" } as const;
const queries = ["", "region=DE", "party=first", "region=US-CA&party=third", "party=zero"];
const personQueries = queries.map((q) => (q ? `${q}&unit=person` : "unit=person"));
/** Beyond the demo's one in ten, this share of profiles also takes another's e-mail address. */
const EXTRA_TWINS = 0.2;

const quote = (v: string | number | boolean) => {
  const s = String(v);
  return /[",\n{}]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const line = (values: (string | number | boolean)[]) => `${values.map(quote).join(",")}\n`;

function regionsFor(first: number, count: number): Map<string, string> {
  const random = prng(first);
  const total = syntheticRegions.reduce((s, [, w]) => s + w, 0);
  const map = new Map<string, string>();
  for (let i = first; i < first + count; i++) {
    let r = random() * total;
    const region = syntheticRegions.find(([, w]) => (r -= w) <= 0)?.[0] ?? "DE";
    map.set(`cust-${String(i).padStart(7, "0")}`, region);
  }
  return map;
}

/** Three CSV streams (profiles, identifiers, attributes) built chunk by chunk. */
function* chunks(
  sourceIds: Map<string, { id: string; party: "zero" | "first" | "second" | "third" }>,
) {
  for (let first = 1; first <= PROFILES; first += CHUNK) {
    const batch = generateProfiles(regionsFor(first, Math.min(CHUNK, PROFILES - first + 1)), {
      seed: first,
    });
    const random = prng(first + 7);
    for (let i = 1; i < batch.length; i++) {
      const other = batch[Math.floor(random() * i)]!;
      if (random() < EXTRA_TWINS && other.identifiers.email)
        batch[i]!.identifiers.email = other.identifiers.email;
    }
    let p = "";
    let ids = "";
    let attrs = "";
    for (const profile of batch) {
      const present = profile.attributes.map((a) => ({
        group: a.group,
        name: a.name,
        party: sourceIds.get(a.source)!.party,
      }));
      const derived = derive(present, defaultModel);
      const groups = [...new Set(present.map((a) => a.group))].sort();
      const types = Object.keys(profile.identifiers).length;
      p += line([
        profile.subjectId,
        profile.region,
        derived.all.c,
        `{${groups.join(",")}}`,
        is360(derived.all),
        types,
        JSON.stringify(derived),
        defaultModel.version,
        profile.subjectId,
      ]);
      for (const [type, value] of Object.entries(profile.identifiers)) {
        const normalized = normalizeIdentifier(type, value.trim(), profile.region);
        ids += line([profile.subjectId, type, value.trim(), normalized ?? ""]);
      }
      for (const a of profile.attributes)
        attrs += line([
          profile.subjectId,
          a.group,
          a.name,
          a.value,
          sourceIds.get(a.source)!.id,
          sourceIds.get(a.source)!.party,
        ]);
    }
    yield { p, ids, attrs, n: batch.length };
  }
}

async function copyAll(url: string, sourceIds: Parameters<typeof chunks>[0]) {
  const sql = postgres(url, { max: 3, onnotice: () => {} });
  const started = performance.now();
  let rows = 0;
  for (const c of chunks(sourceIds)) {
    const streams = [
      [
        "profiles (subject_id, region, completeness, groups_present, is360, identifier_types, derived, model_version, person_id)",
        c.p,
      ],
      ["profile_identifiers (subject_id, type, value, normalized)", c.ids],
      ['profile_attributes (subject_id, "group", name, value, source_id, party)', c.attrs],
    ] as const;
    for (const [target, body] of streams) {
      const writable =
        await sql`copy ${sql.unsafe(target)} from stdin with (format csv)`.writable();
      await pipeline(Readable.from([body]), writable);
      rows += body.split("\n").length - 1;
    }
  }
  await sql.end();
  return { rows, seconds: (performance.now() - started) / 1000 };
}

async function copyConsent(url: string, subjects: number, purposeIds: Map<string, string>) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const writable =
    await sql`copy consent_events (event_id, subject_id, purpose_id, purpose_version, action, occurred_at, channel, region, gpc) from stdin with (format csv)`.writable();
  function* csv() {
    for (let first = 1; first <= subjects; first += CHUNK) {
      const events = generateConsentEvents(Math.min(CHUNK, subjects - first + 1), {
        seed: first,
        firstSubject: first,
        shuffle: false,
      });
      yield events
        .map(
          (e) =>
            `${e.eventId},${e.subjectId},${purposeIds.get(e.purpose)},1,${e.action},${e.occurredAt},${e.channel},${e.region},${e.gpc}\n`,
        )
        .join("");
    }
  }
  await pipeline(Readable.from(csv()), writable);
  await sql.end();
}

async function main() {
  const database = await createBenchDatabase("profiles");
  const url = database.url;
  const handle = await openDatabase({ driver: "postgres", url });
  let server: ChildProcess | undefined;
  try {
    await migrateDatabase(handle, url);
    const db = handle.db;
    for (const p of demoPurposes)
      await createPurpose(db, system, p, new Date("2024-11-01T00:00:00Z"));
    for (const s of demoSources)
      await createSource(db, system, s, new Date("2024-11-01T00:00:00Z"));
    const { readKey, ingestKey } = await benchKeys(db, system);
    const sources = await db.select().from(schema.dataSources);
    const sourceIds = new Map(sources.map((s) => [s.key, { id: s.id, party: s.party }]));
    const purposes = await db.select().from(schema.purposes);

    const load = await copyAll(url, sourceIds);
    console.log(
      `loaded ${fmt(PROFILES)} profiles (${fmt(load.rows)} rows with identifiers and attributes) by COPY in ${fmt(load.seconds)} s (${fmt(load.rows / load.seconds)} rows/s)`,
    );
    const consentSubjects = Math.round(PROFILES / 5);
    await copyConsent(url, consentSubjects, new Map(purposes.map((p) => [p.key, p.id])));
    let t = performance.now();
    await rebuildConsentRollups(db); // also rebuilds consentable reach
    await rebuildProfileRollups(db);
    await db.execute(dsql`analyze`);
    console.log(
      `consent events for ${fmt(consentSubjects)} subjects loaded; aggregates rebuilt in ${fmt((performance.now() - t) / 1000)} s`,
    );
    t = performance.now();
    const rebuilt = await db.transaction((tx) => rebuildIdentities(tx, defaultModel));
    const rebuildSeconds = (performance.now() - t) / 1000;
    await markIdentitiesCurrent(db);
    await db.execute(dsql`analyze`);
    const [shared] = rowsOf<{ n: string }>(
      await db.execute(dsql`
        select count(*)::text as n from profiles p join persons s on s.person_id = p.person_id
        where s.profiles > 1`),
    );
    const sharing = Number(shared?.n ?? 0) / PROFILES;
    console.log(
      `identity rebuilt in ${fmt(rebuildSeconds)} s: ${fmt(rebuilt.persons)} persons; ${fmt(sharing * 100)} % of profiles share an identifier with another`,
    );
    console.log(
      `  by step: ${Object.entries(rebuilt.seconds)
        .map(([name, s]) => `${name} ${fmt(s)} s`)
        .join(", ")}`,
    );

    // FIGURES_MAX_AGE=0: every request reads the figures, not the shared copy (lib/figures-cache).
    server = await startServer(3992, { DATABASE_URL: url, FIGURES_MAX_AGE: "0" });
    /** p50 and p95 of `path` over the queries of `list` in turn (10 warm-up requests left out). */
    async function metrics(list: string[], path = "/api/v1/metrics/profiles") {
      const timings: number[] = [];
      let first = 0;
      for (let i = 0; i < REQUESTS + 10; i++) {
        const q = list[i % list.length];
        const started = performance.now();
        const response = await fetch(`http://127.0.0.1:3992${path}${q ? `?${q}` : ""}`, {
          headers: { authorization: `Bearer ${readKey}` },
        });
        const body = (await response.json()) as {
          profiles?: number;
          before?: { profiles: number };
        };
        if (!response.ok) throw new Error(`${path} answered ${response.status}`);
        if (i === 0) first = body.profiles ?? body.before!.profiles;
        if (i >= 10) timings.push(performance.now() - started);
      }
      timings.sort((a, b) => a - b);
      return { first, p50: percentile(timings, 50), p95: percentile(timings, 95) };
    }
    const perProfile = await metrics(queries);
    const perPerson = await metrics(personQueries);
    // The simulator with its default: every active third-party source retired.
    const phaseOut = await metrics([""], "/api/v1/metrics/phase-out");
    const [sets] = rowsOf<{ n: string }>(
      await db.execute(
        dsql`select count(*)::text as n from profile_source_sets where profiles > 0`,
      ),
    );
    const profiles = perProfile.first;
    const { p50, p95 } = perProfile;

    // Batches that merge nothing (fresh customers, identifiers of their own) against batches
    // whose every profile carries the e-mail address of a stored customer, alternately.
    const post = async (batch: unknown[]) => {
      const started = performance.now();
      const response = await fetch("http://127.0.0.1:3992/api/v1/profiles", {
        method: "POST",
        headers: { authorization: `Bearer ${ingestKey}`, "content-type": "application/json" },
        body: JSON.stringify({ profiles: batch }),
      });
      if (!response.ok)
        throw new Error(`upsert answered ${response.status}: ${await response.text()}`);
      return performance.now() - started;
    };
    const fresh = (b: number, merging: boolean) =>
      generateProfiles(regionsFor(7_000_000 + b * 1000, 1000), { seed: 100 + b }).map((p, i) => {
        const subjectId = `${merging ? "merge" : "alone"}-${b}-${p.subjectId}`;
        const stored = `cust-${String(1 + ((b * 7919 + i * 104_729) % PROFILES)).padStart(7, "0")}`;
        return {
          ...p,
          subjectId,
          identifiers: { email: merging ? `${stored}@example.com` : `${subjectId}@example.com` },
        };
      });
    const alone: number[] = [];
    const merging: number[] = [];
    for (let b = 0; b < 12; b++) {
      alone.push(await post(fresh(b, false)));
      merging.push(await post(fresh(b, true)));
    }
    const median = (list: number[]) =>
      percentile(
        [...list].sort((a, b) => a - b),
        50,
      );
    const [aloneMs, mergingMs] = [median(alone.slice(2)), median(merging.slice(2))];

    t = performance.now();
    const batches = 20;
    for (let b = 0; b < batches; b++) {
      const batch = generateProfiles(regionsFor(5_000_000 + b * 1000, 1000), { seed: b }).map(
        (p) => ({ ...p, subjectId: `bench-${b}-${p.subjectId}` }),
      );
      await post(batch);
    }
    const upsertRate = (batches * 1000) / ((performance.now() - t) / 1000);

    console.log("\n── results ──");
    console.log(
      `PostgreSQL, ${fmt(profiles)} profiles: metrics p50 ${fmt(p50)} ms, p95 ${fmt(p95)} ms (target p95 ≤ 150 ms)`,
    );
    console.log(
      `per person (${fmt(perPerson.first)} persons): metrics p50 ${fmt(perPerson.p50)} ms, p95 ${fmt(perPerson.p95)} ms (target p95 ≤ 150 ms)`,
    );
    console.log(
      `phase-out of every third-party source (${fmt(phaseOut.first)} profiles, ${fmt(Number(sets?.n ?? 0))} distinct source sets): p50 ${fmt(phaseOut.p50)} ms, p95 ${fmt(phaseOut.p95)} ms (target p95 ≤ 500 ms)`,
    );
    console.log(
      `identity rebuild: ${fmt(rebuildSeconds)} s for ${fmt(PROFILES)} profiles, ${fmt(sharing * 100)} % sharing (target ≤ 60 s)`,
    );
    console.log(
      `upsert of 1,000: ${fmt(aloneMs)} ms merging none, ${fmt(mergingMs)} ms merging every profile into a stored person: ${fmt(mergingMs / aloneMs)}× (median of 10 each, alternating; target ≤ 1.5×)`,
    );
    console.log(`HTTP upsert: ${fmt(upsertRate)} profiles/s (batches of 1,000, one at a time)`);
  } finally {
    stopServer(server);
    await handle.close();
    await database.drop();
  }
}

runToExit(main);
