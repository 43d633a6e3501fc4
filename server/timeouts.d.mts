/** Types of timeouts.mjs (plain JavaScript, because server.mjs runs it untranspiled). */
import type { IncomingMessage, Server } from "node:http";
export const REQUEST_TIMEOUT_MS: number;
export const HEADERS_TIMEOUT_MS: number;
export const KEEP_ALIVE_TIMEOUT_MS: number;
export const BODY_TIMEOUT_MS: number;
export function applyTimeouts(server: Server): void;
export function bodiesInTime(req: IncomingMessage, limitMs?: number): void;
