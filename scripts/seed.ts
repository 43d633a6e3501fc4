/**
 * `npm run seed` — seeds the demo data into an empty database (the embedded one by default, or
 * DATABASE_URL's). Refuses, writing nothing, when the embedded folder is held by a running
 * server. Flags: --subjects N (synthetic customers, used once consent data exists).
 */
import { parseArgs } from "node:util";
import { formatSeedReport, isEmpty, seedDemo } from "@/lib/demo";
import { EnvError } from "@/lib/env";
import { runCommand, withConfiguredDatabase } from "./lib/command";

async function main() {
  const { values } = parseArgs({
    options: { subjects: { type: "string" } },
    allowPositionals: false,
  });
  if (values.subjects !== undefined && !/^\d+$/.test(values.subjects)) {
    throw new EnvError("--subjects must be a whole number, such as --subjects 5000.");
  }
  await withConfiguredDatabase(async (handle) => {
    if (!(await isEmpty(handle.db))) {
      console.log(`The database at ${handle.location} already has data; nothing seeded.`);
      return;
    }
    const subjects = values.subjects === undefined ? undefined : Number(values.subjects);
    console.log(formatSeedReport(await seedDemo(handle.db, { subjects })));
  });
}

runCommand(main);
