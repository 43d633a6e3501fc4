/**
 * The hostile range of the security review, through the real route handler: GET
 * /api/v1/metrics/consent answers 400 with one issue per parameter in milliseconds, and the
 * metrics code is never asked to list a series.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys";
import * as rates from "@/lib/consent/rates";
import { keyOwner } from "@/tests/key-owner";
import { createTestDatabase, type TestDatabase } from "@/tests/database";

let t: TestDatabase;
let key: string;

beforeAll(async () => {
  t = await createTestDatabase({ app: true }); // the app's own database too
  // A read key owned by an enabled admin, as every key is.
  const admin = await keyOwner(t.db);
  key = (await createApiKey(t.db, admin, { name: "reader", scopes: ["read"] })).key;
});
afterAll(async () => {
  await t?.drop();
});

async function get(path: string) {
  const { GET } = await import("@/app/api/v1/metrics/consent/route");
  const request = new Request(`http://localhost${path}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const started = performance.now();
  const response = await GET(request, { params: Promise.resolve({}) });
  return { response, ms: performance.now() - started };
}

describe("GET /api/v1/metrics/consent with a hostile range", () => {
  it("answers 400 naming from and to within milliseconds, computing nothing", async () => {
    await get("/api/v1/metrics/consent"); // warm: module load, key lookup
    const periodEnds = vi.spyOn(rates, "periodEnds");
    const { response, ms } = await get(
      "/api/v1/metrics/consent?from=0000-01-01&to=9999-12-31&interval=day",
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; issues: unknown[] };
    expect(body.issues).toEqual([
      { path: ["from"], message: "from must be on or after 2000-01-01" },
      { path: ["to"], message: expect.stringMatching(/^to must be on or before \d{4}-\d\d-\d\d/) },
    ]);
    expect(periodEnds).not.toHaveBeenCalled();
    expect(ms).toBeLessThan(250); // was ~4.8 s and 150 MB
    periodEnds.mockRestore();
  });

  it("answers 400 for too many daily points and for from after to", async () => {
    const points = await get("/api/v1/metrics/consent?from=2000-01-01&interval=day");
    expect(points.response.status).toBe(400);
    expect(((await points.response.json()) as { issues: { path: string[] }[] }).issues).toEqual([
      { path: ["interval"], message: expect.stringContaining("at most 1,100 points") },
    ]);
    const reversed = await get("/api/v1/metrics/consent?from=2026-02-02&to=2026-02-01");
    expect(reversed.response.status).toBe(400);
    expect(((await reversed.response.json()) as { issues: unknown[] }).issues).toEqual([
      { path: ["from"], message: "from (2026-02-02) must be on or before to (2026-02-01)" },
    ]);
  });

  it("still answers a sensible range", async () => {
    const periodEnds = vi.spyOn(rates, "periodEnds");
    const { response } = await get(
      "/api/v1/metrics/consent?from=2026-01-01&to=2026-03-31&interval=day",
    );
    expect(response.status).toBe(200);
    expect(periodEnds).toHaveBeenCalledWith("2026-01-01", "2026-03-31", "day"); // the spy sees calls
    periodEnds.mockRestore();
    const body = (await response.json()) as { from: string; to: string; interval: string };
    expect(body).toMatchObject({ from: "2026-01-01", to: "2026-03-31", interval: "day" });
  });
});
