/**
 * The earliest moment a stored date may name. PostgreSQL has no year 0 (an ISO date of
 * 0000-01-01 reads as one, and the insert fails), and a date before 1900 in a consent log, a
 * source or a law is a typing slip: a year written short, a spreadsheet's zero date.
 */
import { z } from "zod";

export const EARLIEST_STORED_DAY = "1900-01-01";
const earliest = Date.parse(`${EARLIEST_STORED_DAY}T00:00:00Z`);

/** A calendar day (YYYY-MM-DD) from 1900 on. */
export const storedDay = z.iso
  .date("validation.dateFormat")
  .refine(
    (v) => !/^\d{4}-\d{2}-\d{2}$/.test(v) || v >= EARLIEST_STORED_DAY,
    "validation.dateTooEarly",
  );

/** True for an instant from 1900 on, and for text that is no instant (its format says that). */
export const fromEarliest = (v: string) => {
  const at = Date.parse(v);
  return Number.isNaN(at) || at >= earliest;
};
