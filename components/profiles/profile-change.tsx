import { getFormatter, getTranslations } from "next-intl/server";
import { getDayFormatter } from "@/i18n/day";
import { formatPoints, NO_VALUE, numberFormat } from "@/components/ui/format";
import { Table } from "@/components/ui/table";
import type { getProfileChange } from "@/lib/metrics/trends";

type Change = Awaited<ReturnType<typeof getProfileChange>>;
const figures = ["avgCompleteness", "share360", "identityCoverage"] as const;

/**
 * The profile figures against 30 days before (all regions and attributes, per profile), from
 * their daily history; says so when the history does not reach back that far.
 */
export async function ProfileChange({ change }: { change: Change }) {
  const t = await getTranslations("profiles");
  const format = await getFormatter();
  const day = await getDayFormatter();
  const { percent } = numberFormat(format);
  const points = (now: number | null, before: number | null | undefined) =>
    now === null || before === null || before === undefined
      ? NO_VALUE
      : t("points", { value: formatPoints(format, now, before) });
  return (
    <section aria-labelledby="profile-change" data-testid="profile-change">
      <h2 id="profile-change">{t("changeTitle", { date: day(change.since) })}</h2>
      {change.before === null ? (
        <p className="muted">{t("changeNoHistory", { date: day(change.since) })}</p>
      ) : (
        <Table
          rows={figures}
          rowKey={(f) => f}
          columns={[
            { header: t("changeFigure"), cell: (f) => t(`changeFigures.${f}`), rowHeader: true },
            {
              header: day(change.since),
              cell: (f) => percent(change.before![f]),
              numeric: true,
            },
            { header: t("changeToday"), cell: (f) => percent(change.now[f]), numeric: true },
            {
              header: t("changeColumn"),
              cell: (f) => points(change.now[f], change.before?.[f]),
              numeric: true,
            },
          ]}
        />
      )}
    </section>
  );
}
