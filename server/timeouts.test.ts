import http from "node:http";
import { describe, expect, it } from "vitest";
import { applyTimeouts } from "./timeouts.mjs";

describe("the server's timeouts", () => {
  it("let the largest upload arrive over a slow line, and still let go of slow headers", () => {
    const server = http.createServer();
    applyTimeouts(server);
    // 200 MB, the largest file /admin/imports takes, at 1 Mbit/s.
    const upload = ((200 * 1024 * 1024 * 8) / 1_000_000) * 1000;
    expect(server.requestTimeout).toBeGreaterThan(upload);
    expect(server.headersTimeout).toBeLessThanOrEqual(60_000);
    expect(server.headersTimeout).toBeGreaterThan(0);
    expect(server.keepAliveTimeout).toBeGreaterThan(60_000);
  });
});
