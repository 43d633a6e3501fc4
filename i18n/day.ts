import { getFormatter } from "next-intl/server";
import { formatDay } from "@/components/ui/format";

/** Formats calendar days as the reader's medium date, on the server (formatDay). */
export async function getDayFormatter(): Promise<(day: string) => string> {
  const format = await getFormatter();
  return (day) => formatDay(format, day);
}
