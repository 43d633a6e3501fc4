/**
 * `npm run api:lint` — writes the OpenAPI document the app serves to .data/openapi.json and lints
 * it with Redocly CLI (recommended rules, warnings count as errors: see redocly.yaml). Exits
 * non-zero on any problem, a missing operationId included.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { openApiDocument } from "@/lib/openapi";

const out = path.join(".data", "openapi.json");
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(openApiDocument(), null, 2));

const result = spawnSync(
  process.execPath,
  [require.resolve("@redocly/cli/bin/cli.js"), "lint", "--config", "redocly.yaml", out],
  {
    stdio: "inherit",
    // No telemetry and no update check: CI reaches the npm registry only.
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  },
);
process.exit(result.status ?? 1);
