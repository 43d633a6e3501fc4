import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth/session";
import { isoDay, now } from "@/lib/clock";
import { listLaws } from "@/lib/laws";
import { getProfileMetrics } from "@/lib/metrics/profiles";
import { getConsentMetrics } from "@/lib/metrics/consent";
import { getSourceMetrics } from "@/lib/metrics/sources";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("overview"))("title") };
}

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
  await requireRole("marketing", "/");
  const t = await getTranslations("overview");
  const nav = await getTranslations("nav");
  const ts = await getTranslations("sources");
  const format = await getFormatter();
  const db = await getDb();
  const today = isoDay(now());
  const [sources, consent, laws] = await Promise.all([
    getSourceMetrics(db, today),
    getConsentMetrics(db, {}, today),
    listLaws(db, today),
  ]);
  const profileFigures = await getProfileMetrics(db, {});
  const tpr = await getTranslations("profiles");
  const tl = await getTranslations("laws");
  const next = laws
    .filter((l) => l.next)
    .sort((a, b) => a.next!.date.localeCompare(b.next!.date))[0];
  const atRisk = laws.filter((l) => l.atRisk).length;
  const tc = await getTranslations("consent");
  const pct = (v: number | null) =>
    v === null ? "—" : format.number(v, { style: "percent", maximumFractionDigits: 1 });
  const figures: Partial<Record<(typeof cards)[number]["key"], { value: string; detail: string }>> =
    {
      consentRate: {
        value: pct(consent.overall.rate),
        detail: tc("overallHint", {
          granted: consent.overall.granted,
          decided: consent.overall.decided,
          date: format.dateTime(new Date(`${today}T00:00:00Z`), { dateStyle: "medium" }),
        }),
      },
      ...(next && {
        nextDeadline: {
          value: tl("inDays", { days: next.next!.days }),
          detail: `${next.shortName}: ${next.next!.label ?? tl("takesEffect", { jurisdictions: next.jurisdictions.join(", ") })} · ${format.dateTime(new Date(`${next.next!.date}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" })} · ${tl("atRisk")}: ${atRisk}`,
        },
      }),
      ...(profileFigures.profiles > 0 && {
        completeness: {
          value: pct(profileFigures.avgCompleteness),
          detail: `${format.number(profileFigures.profiles)} ${tpr("profiles")} · ${tpr("identityCoverage")} ${pct(profileFigures.identityCoverage)}`,
        },
        share360: {
          value: pct(profileFigures.share360),
          detail: tpr("share360Hint"),
        },
      }),
      firstPartyShare: {
        value: pct(sources.firstPartyShare),
        detail: `${ts(`verdict.${sources.phaseOut.verdict}`)} · ${ts("thirdPartyShare")} ${pct(sources.thirdPartyShare)}`,
      },
    };
  return (
    <>
      <h1>{t("title")}</h1>
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
