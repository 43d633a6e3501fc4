/**
 * How long the server waits for a client. Node's default cuts a whole request off after five
 * minutes, body included, and an upload of up to 200 MB (`/admin/imports/upload`) from an office
 * line takes longer: at 1 Mbit/s about 28 minutes. The server lets a request take an hour, and
 * every other route keeps Node's five minutes for its body (bodiesInTime). Headers must still
 * arrive within a minute, as by default, so a client that never finishes them is let go.
 */
export const REQUEST_TIMEOUT_MS = 60 * 60_000;
export const BODY_TIMEOUT_MS = 5 * 60_000;
export const HEADERS_TIMEOUT_MS = 60_000;
/** Longer than a load balancer's idle timeout, so it never reuses a connection being closed. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** The one route whose body may take the hour. */
const UPLOAD_PATH = "/admin/imports/upload";

/** @param {import("node:http").Server} server */
export function applyTimeouts(server) {
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
}

/**
 * Called for each request: a request to any route but the upload whose body has not arrived
 * within `limitMs` has its connection closed, as Node's own timeout would have.
 *
 * @param {import("node:http").IncomingMessage} req
 * @param {number} [limitMs]
 */
export function bodiesInTime(req, limitMs = BODY_TIMEOUT_MS) {
  const path = (req.url ?? "").split("?", 1)[0];
  if (path === UPLOAD_PATH || req.complete) return;
  const timer = setTimeout(() => {
    if (!req.complete) req.socket.destroy();
  }, limitMs);
  timer.unref();
  const done = () => clearTimeout(timer);
  req.once("end", done);
  req.once("close", done);
}
