/**
 * Chart categories in the reader's locale, apart from ../ui/format so the pages that draw no chart
 * of months do not carry it: the chart code loads it lazily, the coverage chart with its page.
 */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

/**
 * A chart's category as the reader's locale writes it: an ISO day ("5 Dec 2026") or month
 * ("Dec 2026", "Dez. 2026"), any other text as it is. For the axes and the text alternatives.
 */
export function calendarLabel(locale: string) {
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const month = new Intl.DateTimeFormat(locale, {
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
  return (text: string) =>
    DAY.test(text)
      ? day.format(new Date(`${text}T00:00:00Z`))
      : MONTH.test(text)
        ? month.format(new Date(`${text}-01T00:00:00Z`))
        : text;
}
