"use client";
import { useFormatter, useTranslations } from "next-intl";
import { ChartFigure, chartCsv } from "@/components/charts/chart-figure";
import { humanize, numberFormat } from "@/components/ui/format";
import { tones } from "@/components/ui/palette";
import type { ProfileMetrics } from "@/lib/metrics/profiles";

/** Identity resolution at a glance: how often each identifier type joins, and how persons are made up. */
export function IdentityCharts({ data, region }: { data: ProfileMetrics; region?: string }) {
  const t = useTranslations("profiles");
  // Of the page's filters only the region applies here: match rates and persons by size are
  // neither counted by the supplying party nor per unit. Titles and file names say so.
  const titled = (title: string) => (region ? `${title} · ${region}` : title);
  const csv = chartCsv(t("exportChart"), region ? new URLSearchParams({ region }).toString() : "");
  const format = useFormatter();
  const { percent: pct } = numberFormat(format);
  const typeName = (type: string) =>
    t.has(`identifierTypes.${type}` as "identifierTypes.email")
      ? t(`identifierTypes.${type}` as "identifierTypes.email")
      : humanize(type);
  const matchRows = data.matchRates.map((m) => ({
    type: m.type,
    name: typeName(m.type),
    profiles: m.profiles,
    matched: m.matched,
    rate: m.rate,
    // A type no profile carries yet has no rate: a bar of 0, said so beside it.
    drawn: m.rate ?? 0,
    label:
      m.profiles === 0
        ? t("matchNone")
        : t("matchLabel", { rate: pct(m.rate), matched: m.matched, profiles: m.profiles }),
  }));
  // Persons joining five or more profiles share one bar: the long tail reads as one figure.
  const sizeRows = [1, 2, 3, 4, 5]
    .map((size) => ({
      size: size === 5 ? "5+" : String(size),
      name: size === 5 ? t("sizeMore", { size }) : t("sizeLabel", { size }),
      persons: data.personSizes
        .filter((s) => (size === 5 ? s.size >= 5 : s.size === size))
        .reduce((sum, s) => sum + s.persons, 0),
    }))
    .map((r) => ({ ...r, label: format.number(r.persons) }));

  return (
    <div className="chart-grid">
      <ChartFigure
        caption={titled(t("matchRates"))}
        summary={matchRows.map((r) => `${r.name}: ${r.label}`).join(", ")}
        testId="profiles-match-rates"
        csv={csv("identity-match-rates.csv", ["type", "profiles", "matched", "rate"])}
        data={matchRows}
        x="name"
        height={Math.max(200, matchRows.length * 40 + 60)}
        vertical
        shares
        barValues="label"
        series={[{ key: "drawn", name: t("matched"), color: tones.violet, kind: "bar" }]}
      />
      <ChartFigure
        caption={titled(t("personSizes"))}
        summary={sizeRows.map((r) => `${r.name}: ${format.number(r.persons)}`).join(", ")}
        testId="profiles-person-sizes"
        csv={csv("persons-by-size.csv", ["size", "persons"])}
        data={sizeRows}
        x="name"
        height={260}
        allCategoryTicks
        integerValues
        barValues="label"
        series={[{ key: "persons", name: t("personsAxis"), color: tones.blue, kind: "bar" }]}
      />
    </div>
  );
}
