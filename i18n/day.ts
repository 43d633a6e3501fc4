import { getFormatter } from "next-intl/server";

/**
 * Formats calendar days (YYYY-MM-DD: effective dates, deadlines, "today") as the reader's medium
 * date. A day is read as UTC midnight and shown in UTC, so it never moves to the day before.
 */
export async function getDayFormatter(): Promise<(day: string) => string> {
  const format = await getFormatter();
  return (day) =>
    format.dateTime(new Date(`${day}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
}
