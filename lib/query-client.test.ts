import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchFigures } from "./query-client";

let server: Server;
let base: string;
/** How old the figures the server answers with are, in seconds. */
let age = 0;

beforeAll(async () => {
  server = createServer((_, response) => {
    // Node sets the Date header; the figures were read `age` seconds before it.
    const read = new Date(Date.now() - age * 1000);
    response.setHeader("last-modified", read.toUTCString());
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ rate: 0.5 }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("fetchFigures", () => {
  it("says how old the figures already were when the server answered, by its clock alone", async () => {
    age = 4;
    const old = await fetchFigures<{ rate: number }>(`${base}/api/v1/metrics/consent`);
    expect(old.figures).toEqual({ rate: 0.5 });
    // Both headers are to the second: 4 s, give or take the second either falls in.
    expect(old.ageAtRead).toBeGreaterThanOrEqual(3000);
    expect(old.ageAtRead).toBeLessThanOrEqual(5000);
    age = 0;
    const fresh = await fetchFigures(`${base}/api/v1/metrics/consent`);
    expect(fresh.ageAtRead).toBeLessThanOrEqual(1000);
    expect(Date.parse(fresh.asOf)).toBeLessThanOrEqual(Date.now());
  });
});
