import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchFigures, MIN_REFRESH_MS, refreshIn } from "./query-client";

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

describe("refreshIn", () => {
  const at = 1_000_000;
  it("reads again once the copy shown is maxAge old, counting its age on arrival", () => {
    // Arrived 2 s old, 1 s ago: 3 s old now, 5 s allowed.
    expect(refreshIn(5, { ageAtRead: 2_000, receivedAt: at - 1_000 }, at)).toBe(
      Math.max(2_000, MIN_REFRESH_MS - 1_000),
    );
    // Arrived fresh, under a longer age: due when it is 30 s old.
    expect(refreshIn(30, { ageAtRead: 0, receivedAt: at }, at)).toBe(30_000);
    expect(refreshIn(30, { ageAtRead: 10_000, receivedAt: at - 5_000 }, at)).toBe(15_000);
  });

  it("never asks again sooner than MIN_REFRESH_MS after a read, nor in under a second", () => {
    // A server keeping nothing (maxAge 0), or a copy already as old as allowed.
    expect(refreshIn(0, { ageAtRead: 0, receivedAt: at }, at)).toBe(MIN_REFRESH_MS);
    expect(refreshIn(5, { ageAtRead: 5_000, receivedAt: at }, at)).toBe(MIN_REFRESH_MS);
    // Long overdue (a tab shown again): at once, but not in 0 ms, which would stop the timer.
    expect(refreshIn(5, { ageAtRead: 0, receivedAt: at - 60_000 }, at)).toBe(1_000);
  });
});
