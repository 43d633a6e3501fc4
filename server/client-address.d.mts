/** Types of client-address.mjs (plain JavaScript, because server.mjs runs it untranspiled). */
export function trustedHops(value: string | undefined): number;
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  hops: number,
): string;
