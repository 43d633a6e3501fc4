/** The published API document and the route files must describe the same API. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

const ROOT = path.join(process.cwd(), "app/api/v1");

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** `method path` of every handler the route files export (the catch-all 404 excepted). */
function implemented(): string[] {
  const out: string[] = [];
  for (const file of routeFiles(ROOT)) {
    const rel = path.relative(ROOT, path.dirname(file)).split(path.sep);
    if (rel.some((s) => s.startsWith("[..."))) continue;
    const route = `/api/v1/${rel.map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/")}`;
    const source = fs.readFileSync(file, "utf8");
    for (const m of source.matchAll(
      /export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g,
    ))
      out.push(`${m[1]!.toLowerCase()} ${route}`);
  }
  return out.sort();
}

describe("OpenAPI document", () => {
  const doc = openApiDocument();

  it("is OpenAPI 3.1 with the error shape as a component", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components?.schemas?.Error).toBeDefined();
  });

  it("documents exactly the routes that exist, method by method", () => {
    const documented = Object.entries(doc.paths ?? {})
      .flatMap(([p, item]) =>
        Object.keys(item as object)
          .filter((k) => ["get", "post", "put", "patch", "delete"].includes(k))
          .map((m) => `${m} ${p}`),
      )
      .sort();
    expect(documented).toEqual(implemented());
  });

  it("describes request bodies from the routes' own schemas", () => {
    const consent = doc.paths!["/api/v1/consent-events"]!.post!.requestBody as {
      content: Record<string, { schema: { properties?: Record<string, unknown> } }>;
    };
    const events = consent.content["application/json"]!.schema.properties!.events as {
      maxItems: number;
      items: { properties: Record<string, unknown>; required: string[] };
    };
    expect(events.maxItems).toBe(5000);
    expect(Object.keys(events.items.properties)).toEqual(
      expect.arrayContaining(["eventId", "subjectId", "purpose", "action", "occurredAt", "gpc"]),
    );
    expect(events.items.required).toEqual(expect.arrayContaining(["eventId", "action"]));
    const query = doc.paths!["/api/v1/metrics/consent"]!.get!.parameters as { name: string }[];
    expect(query.map((p) => p.name)).toEqual(
      expect.arrayContaining(["from", "to", "purpose", "region", "channel", "interval"]),
    );
  });
});
