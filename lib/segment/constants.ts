/** The Segment source's limits and message types, shared by the route and the API reference. */
export const MAX_MESSAGES = 1_000;
export const MAX_SEGMENT_BODY_BYTES = 5 * 1024 * 1024;
export const segmentTypes = ["identify", "track", "page", "screen", "group", "alias"] as const;
