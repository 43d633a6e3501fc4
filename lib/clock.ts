/**
 * The one clock. "Today", countdowns and "upcoming" are relative to it; FIRSTPARTY_NOW fixes it
 * for a whole process (end-to-end tests, demos) and tests can pass their own `now` to domain code.
 */
import { env } from "./env";

export function now(): Date {
  return env().fixedNow ?? new Date();
}

/** YYYY-MM-DD of an instant, in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The stamp of a change to a row last changed at `previous`: `at`, or 1 ms after `previous` when
 * the clock has not moved past it, so that every save has its own stamp (forms name the stamp
 * they were opened on).
 */
export function stampAfter(previous: Date, at: Date): Date {
  return at > previous ? at : new Date(previous.getTime() + 1);
}
