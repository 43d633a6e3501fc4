/**
 * The header through which server.mjs tells the app the client's address. server.mjs sets it
 * on every request from the socket (or the trusted proxy's X-Forwarded-For) and overwrites any
 * value a client sent, so nothing a client writes decides which throttle bucket it lands in.
 */
export const CLIENT_ADDRESS_HEADER = "x-firstparty-client-address";
