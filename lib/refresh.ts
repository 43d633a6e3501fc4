/**
 * How often an open dashboard reads its figures again. Kept apart from the query client (and
 * with no import) so that the line every dashboard shows does not pull React Query into pages
 * that have no client figures.
 */

/** The least time between two automatic reads of an open dashboard's figures, in ms. */
export const MIN_REFRESH_MS = 5_000;

/**
 * A client dashboard's figures, in ms: as often as the server renews its shared copy
 * (FIGURES_MAX_AGE seconds, `maxAge`), and never more often than every MIN_REFRESH_MS (a server
 * keeping no copy, maxAge 0, is not asked in a loop). The figures on screen are then at most
 * about twice `maxAge` old, and the line above them says when they were read.
 */
export const refreshEvery = (maxAge: number) => Math.max(maxAge * 1000, MIN_REFRESH_MS);

/** A dashboard's server-rendered figures, in seconds. */
export const pageRefreshSeconds = (maxAge: number) => Math.max(60, maxAge);
