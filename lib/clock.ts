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
