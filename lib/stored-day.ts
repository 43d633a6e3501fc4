/**
 * The earliest moment a stored date may name. PostgreSQL has no year 0 (an ISO date of
 * 0000-01-01 reads as one, and the insert fails), and a date before 1900 in a consent log, a
 * source or a law is a typing slip: a year written short, a spreadsheet's zero date.
 */
import { z } from "zod";

export const EARLIEST_STORED_DAY = "1900-01-01";
/**
 * The latest: a later "date" is a placeholder (9999-12-31) for none, and the calendar's day
 * after it would have a five-digit year, which iCalendar cannot write.
 */
export const LATEST_STORED_DAY = "2999-12-31";
const earliest = Date.parse(`${EARLIEST_STORED_DAY}T00:00:00Z`);

/**
 * Checked only where the value passed its format: "0000-13-01" is said to be no date, not also
 * to be too early.
 */
export const whenWellFormed = {
  when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0,
};

/** A calendar day (YYYY-MM-DD) from 1900 to 2999. */
export const storedDay = z.iso
  .date("validation.dateFormat")
  .refine((v) => v >= EARLIEST_STORED_DAY, {
    message: "validation.dateTooEarly",
    ...whenWellFormed,
  })
  .refine((v) => v <= LATEST_STORED_DAY, {
    message: "validation.dateTooLate",
    ...whenWellFormed,
  });

/** True for an instant from 1900 on (its format checked before, by the schema). */
export const fromEarliest = (v: string) => Date.parse(v) >= earliest;
