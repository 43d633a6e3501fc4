import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { applyTimeouts, bodiesInTime } from "./timeouts.mjs";

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

  describe("a body that trickles", () => {
    let server: http.Server | undefined;
    afterEach(
      () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
    );

    /** Sends the headers and half the body of a POST to `path`; whether the server hung up within `waitMs`. */
    async function hungUp(path: string, waitMs: number): Promise<boolean> {
      server = http.createServer((req, res) => {
        bodiesInTime(req, 150);
        req.resume();
        req.on("end", () => res.end("ok"));
      });
      applyTimeouts(server);
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as net.AddressInfo;
      const socket = net.connect(port, "127.0.0.1");
      socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345`);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          socket.destroy();
          resolve(false);
        }, waitMs);
        socket.on("close", () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    }

    it("is let go on any route but the upload", async () => {
      expect(await hungUp("/api/v1/consent-events", 1_000)).toBe(true);
    });

    it("is waited for on the upload route", async () => {
      expect(await hungUp("/admin/imports/upload?kind=consent", 1_000)).toBe(false);
    });
  });
});
