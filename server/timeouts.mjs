/**
 * How long the server waits for a client. Node's default cuts a whole request off after five
 * minutes, body included, and an upload of up to 200 MB (`/admin/imports`) from an office line
 * takes longer: at 1 Mbit/s about 28 minutes. A request may take an hour; its headers must still
 * arrive within a minute, as by default, so a client that never finishes them is let go.
 */
export const REQUEST_TIMEOUT_MS = 60 * 60_000;
export const HEADERS_TIMEOUT_MS = 60_000;
/** Longer than a load balancer's idle timeout, so it never reuses a connection being closed. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** @param {import("node:http").Server} server */
export function applyTimeouts(server) {
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
}
