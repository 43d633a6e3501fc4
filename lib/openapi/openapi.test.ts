/** The published API document and the route files must describe the same API. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createApiKeySchema } from "@/lib/api-keys/schema";
import { changePasswordSchema } from "@/lib/accounts";
import { consentBatchSchema, consentEventSchema } from "@/lib/consent/schema";
import { modelUpdateSchema, profileInputSchema } from "@/lib/profiles/schema";
import { createPurposeSchema, updatePurposeSchema } from "@/lib/purposes/schema";
import { createSourceSchema } from "@/lib/sources/schema";
import { generateApiTypes } from "@/scripts/lib/api-types";
import * as examples from "./examples";
import { openApiDocument, tags } from ".";

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
    expect(events.items.properties).toHaveProperty("tcString");
    expect(events.items.properties).toHaveProperty("consentMode");
    // purpose and action may be replaced by a consent platform's signal.
    expect(events.items.required.sort()).toEqual([
      "channel",
      "eventId",
      "occurredAt",
      "region",
      "subjectId",
    ]);
    const query = doc.paths!["/api/v1/metrics/consent"]!.get!.parameters as { name: string }[];
    expect(query.map((p) => p.name)).toEqual(
      expect.arrayContaining(["from", "to", "purpose", "region", "channel", "interval"]),
    );
  });

  type Response = {
    $ref?: string;
    content?: Record<string, { schema: { $ref?: string } }>;
  };
  type Operation = {
    operationId?: string;
    summary?: string;
    tags?: string[];
    security?: Record<string, string[]>[];
    responses: Record<string, Response>;
  };
  const operations = Object.entries(doc.paths ?? {}).flatMap(([p, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, o]) => ({
      name: `${method} ${p}`,
      ...o,
    })),
  );

  it("names every operation once, with a summary, a known tag and its security", () => {
    const ids = operations.map((o) => o.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const known = new Set(tags.map((t) => t.name));
    for (const o of operations) {
      expect(o.summary, o.name).toBeTruthy();
      expect(o.tags?.length, o.name).toBe(1);
      expect(known.has(o.tags![0]! as never), o.name).toBe(true);
      expect(Array.isArray(o.security), o.name).toBe(true);
    }
    // Only the document itself is public; ingestion takes keys only, a password change sessions only.
    const publicOps = operations.filter((o) => o.security!.length === 0).map((o) => o.name);
    expect(publicOps).toEqual(["get /api/v1/openapi.json"]);
    const byId = Object.fromEntries(operations.map((o) => [o.operationId, o.security]));
    expect(byId.recordConsentEvents).toEqual([{ bearer: ["ingest"] }]);
    expect(byId.changeOwnPassword).toEqual([{ session: ["marketing"] }]);
    expect(byId.getSubjectConsents).toEqual([{ bearer: ["admin"] }, { session: ["privacy"] }]);
  });

  it("answers every refusal with the Error shape", () => {
    const shared = (doc.components?.responses ?? {}) as Record<string, Response>;
    const resolve = (r: Response) => (r.$ref ? shared[r.$ref.split("/").pop()!]! : r);
    for (const o of operations) {
      const refusals = Object.entries(o.responses).filter(([status]) => /^[45]/.test(status));
      expect(refusals.length, o.name).toBeGreaterThan(0);
      for (const [status, response] of refusals)
        expect(
          resolve(response).content?.["application/json"]?.schema.$ref,
          `${o.name} ${status}`,
        ).toBe("#/components/schemas/Error");
    }
    // Every operation says what an unknown caller and a busy database get.
    expect(operations.filter((o) => o.security!.length > 0).every((o) => o.responses["401"])).toBe(
      true,
    );
  });

  it("shows only example bodies the routes accept", () => {
    expect(consentBatchSchema.safeParse(examples.consentEvents).success).toBe(true);
    const lines = examples.ndjson(examples.consentEvents.events).trimEnd().split("\n");
    expect(lines).toHaveLength(examples.consentEvents.events.length);
    for (const line of lines)
      expect(consentEventSchema.safeParse(JSON.parse(line)).success).toBe(true);
    for (const p of examples.profiles.profiles)
      expect(profileInputSchema.safeParse(p).success).toBe(true);
    expect(modelUpdateSchema.safeParse(examples.profileModel).success).toBe(true);
    expect(createPurposeSchema.safeParse(examples.purpose).success).toBe(true);
    expect(updatePurposeSchema.safeParse(examples.purposeEdit).success).toBe(true);
    expect(createSourceSchema.safeParse(examples.source).success).toBe(true);
    expect(createApiKeySchema.safeParse(examples.apiKey).success).toBe(true);
    expect(changePasswordSchema.safeParse(examples.passwordChange).success).toBe(true);
  });

  it("takes the instance's address as its server, or its own location", () => {
    expect(openApiDocument({ serverUrl: "https://fp.example.org" }).servers).toEqual([
      { url: "https://fp.example.org", description: "This instance" },
    ]);
    expect(doc.servers?.[0]?.url).toBe("/");
  });

  it("generates client types with every path and operation of the document", async () => {
    const types = await generateApiTypes();
    for (const route of Object.keys(doc.paths ?? {})) expect(types).toContain(`"${route}": {`);
    for (const { name, operationId } of operations) {
      expect(types).toContain(`${name.split(" ")[0]}: operations["${operationId}"];`);
    }
  });
});

describe("operation descriptions", () => {
  it("state the batch limits as numbers, with no message placeholder left", () => {
    const doc = openApiDocument();
    const post = (p: string) =>
      (doc.paths as Record<string, { post?: { description?: string } }>)[p]!.post!.description!;
    expect(post("/api/v1/consent-events")).toContain("1 to 5,000 events");
    expect(post("/api/v1/profiles")).toMatch(/^1 to [\d,]+ profiles/);
    expect(post("/api/v1/consent-events")).not.toContain("{");
  });
});
