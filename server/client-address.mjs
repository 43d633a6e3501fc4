/**
 * Which address a request comes from, decided once in server.mjs for the whole app.
 *
 * Without a trusted proxy (TRUST_PROXY unset or 0) it is the socket's address: X-Forwarded-For
 * and X-Real-IP are written by the client and mean nothing. Behind N trusted proxies
 * (TRUST_PROXY=1 for one, or the hop count), each proxy appends the address it saw, so the
 * client is the Nth entry from the right; anything left of it was written by the client. When
 * the header is shorter than that, the leftmost entry is the best we know.
 */

/** TRUST_PROXY as a hop count: "" / "0" / unset → 0, "1" → 1, "2" → 2 … */
export function trustedHops(value) {
  if (value === undefined || value === "") return 0;
  if (!/^\d{1,2}$/.test(value)) {
    throw new Error(
      `TRUST_PROXY must be 0, 1 or the number of proxies in front of Firstparty, not "${value}".`,
    );
  }
  return Number(value);
}

/**
 * @param {string | undefined} socketAddress  req.socket.remoteAddress
 * @param {string | string[] | undefined} forwardedFor  the X-Forwarded-For header(s)
 * @param {number} hops  trusted proxies in front of the app
 * @returns {string}
 */
export function clientAddress(socketAddress, forwardedFor, hops) {
  const socket = normalize(socketAddress) ?? "unknown";
  if (hops === 0 || !forwardedFor) return socket;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return socket;
  const chosen = entries[Math.max(0, entries.length - hops)];
  return normalize(chosen) ?? socket;
}

/**
 * "::ffff:10.0.0.1" → "10.0.0.1"; the port some proxies add taken off ("203.0.113.7:51234",
 * "[2001:db8::1]:443": else every connection of one client would count as another address);
 * anything that is not an address (too long, odd characters) → undefined.
 */
function normalize(address) {
  if (!address) return undefined;
  const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::\d{1,5})?$/.exec(address);
  const ported = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(address);
  const bare = bracketed?.[1] ?? ported?.[1] ?? address;
  const plain = bare.startsWith("::ffff:") && bare.includes(".") ? bare.slice(7) : bare;
  return /^[0-9A-Fa-f:.]{2,45}$/.test(plain) ? plain : undefined;
}
