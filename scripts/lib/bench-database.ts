/**
 * The benchmarks' throwaway database: checked for a production build, created on the PostgreSQL
 * server at BENCH_DATABASE_URL under a fresh name, and dropped (with its connections) afterwards.
 */
import fs from "node:fs";
import postgres from "postgres";

export const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type BenchDatabase = {
  /** The new database's connection URL. */
  url: string;
  /** Drops the database, forcing its connections closed, and ends the admin connection. */
  drop: () => Promise<void>;
};

/** Creates `firstparty_bench_<label>_<now>`, after checking that `npm run build` has run. */
export async function createBenchDatabase(label: string): Promise<BenchDatabase> {
  if (!fs.existsSync(".next/BUILD_ID"))
    throw new Error("Run `npm run build` first: the benchmark drives the production server.");
  const name = `firstparty_bench_${label}_${Date.now()}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      if (process.env.BENCH_KEEP_DATABASE === "1") {
        console.log(`kept the benchmark's database: ${url.toString()}`);
        await admin.end();
        return;
      }
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
