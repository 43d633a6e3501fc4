import { DashboardTitle } from "@/components/ui/dashboard-title";
import { pageTitle } from "@/components/ui/page-title";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { lawName } from "@/lib/laws/model";
import { getDayFormatter } from "@/i18n/day";
import { readerLocale } from "@/i18n/locale";
import { requireRole } from "@/lib/auth/session";
import { isoDay, now } from "@/lib/clock";
import { getOverviewMetrics } from "@/lib/metrics/overview";
import { cachedFigures, dashboardKey } from "@/lib/figures-cache";
import { formatPercent, formatPoints } from "@/components/ui/format";
import { IndustryNote } from "@/components/ui/industry-note";
import { Sparkline } from "@/components/ui/sparkline";

export const generateMetadata = pageTitle((t) => t("overview.title"));

// Each card links to the dashboard that answers its question. A card without data says so; no
// card shows a figure that was not computed from the data.
const cards = [
  { key: "firstPartyShare", href: "/sources", nav: "sources" },
  { key: "consentRate", href: "/consent", nav: "consent" },
  { key: "nextDeadline", href: "/laws", nav: "laws" },
  { key: "completeness", href: "/profiles", nav: "profiles" },
  { key: "share360", href: "/profiles", nav: "profiles" },
] as const;

export default async function OverviewPage() {
  const { db } = await requireRole("marketing", "/");
  const t = await getTranslations("overview");
  const nav = await getTranslations("nav");
  const ts = await getTranslations("sources");
  const format = await getFormatter();
  const day = await getDayFormatter();
  const today = isoDay(now());
  // Shared with GET /api/v1/metrics/overview: one read of the figures for both.
  const { value: o, asOf } = await cachedFigures(db, dashboardKey("overview", today), () =>
    getOverviewMetrics(db, today),
  );
  const tpr = await getTranslations("profiles");
  const tl = await getTranslations("laws");
  const next = o.laws.next;
  // The law catalog names its phases in English and German.
  const locale = await readerLocale();
  const german = locale === "de";
  const tc = await getTranslations("consent");
  const pct = (v: number | null) => formatPercent(format, v);
  const figures: Partial<Record<(typeof cards)[number]["key"], { value: string; detail: string }>> =
    {
      ...(o.consent.decided > 0 && {
        consentRate: {
          value: pct(o.consent.rate),
          detail: tc("overallHint.consent-rate", {
            // Every purpose's decisions summed: a customer counts once per purpose.
            purposes: "other",
            numerator: o.consent.granted,
            denominator: o.consent.decided,
            date: day(today),
          }),
        },
      }),
      ...(next && {
        nextDeadline: {
          value: next.days === 0 ? tl("today") : tl("inDays", { days: next.days }),
          detail: `${lawName(next, locale)}: ${(german && next.labelDe) || next.label || tl("takesEffect")} · ${day(next.date)} · ${tl("atRisk")}: ${o.laws.atRisk}`,
        },
      }),
      ...(o.profiles.profiles > 0 && {
        completeness: {
          value: pct(o.profiles.avgCompleteness),
          detail: `${tpr("profileCount", { count: o.profiles.profiles })} · ${tpr("identityCoverage")} ${pct(o.profiles.identityCoverage)}`,
        },
        share360: {
          value: pct(o.profiles.share360),
          detail: tpr("share360Hint", { unit: "profile" }),
        },
      }),
      // No records this month (no sources yet): no share to show.
      ...(o.sources.firstPartyShare !== null && {
        firstPartyShare: {
          value: pct(o.sources.firstPartyShare),
          detail: `${ts(`verdict.${o.sources.phaseOutVerdict}`)} · ${ts("thirdPartyShare")} ${pct(o.sources.thirdPartyShare)}`,
        },
      }),
    };
  // Against 30 days before, and the last 12 months as a line (lib/metrics/trends).
  const trendOf = (trend: (typeof o.trends)[keyof typeof o.trends], key: string) => {
    const known = trend.months.filter((m) => m.value !== null);
    const monthName = (month: string) =>
      format.dateTime(new Date(`${month}-01T00:00:00Z`), {
        month: "short",
        year: "numeric",
        timeZone: "UTC",
      });
    const since = trend.since.length === 7 ? monthName(trend.since) : day(trend.since);
    return (
      <>
        <p className="muted" data-testid={`change-${key}`}>
          {trend.change === null
            ? t("noChange", { since, unit: trend.since.length === 7 ? "month" : "day" })
            : t("change", {
                since,
                change: formatPoints(format, trend.change, 0),
              })}
        </p>
        {known.length >= 2 && (
          <Sparkline
            testId={`spark-${key}`}
            values={trend.months.map((m) => m.value)}
            label={t("months", {
              first: monthName(known[0]!.month),
              last: monthName(known.at(-1)!.month),
              from: pct(known[0]!.value),
              to: pct(known.at(-1)!.value),
            })}
          />
        )}
      </>
    );
  };
  return (
    <>
      <DashboardTitle title={t("title")} asOf={[asOf]} />
      <p className="lead">{t("intro")}</p>
      <div className="cards">
        {cards.map((card) => (
          <section
            key={card.key}
            className="card"
            aria-labelledby={`card-${card.key}`}
            data-testid={`card-${card.key}`}
          >
            <h2 id={`card-${card.key}`}>{t(`cards.${card.key}`)}</h2>
            {figures[card.key] ? (
              <>
                <p className="figure" data-testid={`figure-${card.key}`}>
                  {figures[card.key]!.value}
                </p>
                <p className="muted">{figures[card.key]!.detail}</p>
                {card.key !== "nextDeadline" && trendOf(o.trends[card.key], card.key)}
                {card.key === "firstPartyShare" && <IndustryNote place="firstPartyShare" />}
                {card.key === "share360" && <IndustryNote place="share360" />}
              </>
            ) : (
              <p className="muted">{t("noData")}</p>
            )}
            <Link href={card.href}>{t("open", { name: nav(card.nav) })}</Link>
          </section>
        ))}
      </div>
    </>
  );
}
