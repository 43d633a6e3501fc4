import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { quarterOf } from "@/lib/laws/model";

export type TimelineEntry = {
  key: string;
  date: string;
  /** The date as the reader writes it. */
  day: string;
  /** What the entry is beside its date: a countdown, or what it was once passed. */
  badge: ReactNode;
  /** The law with its jurisdiction, or "internal". */
  law: string;
  label: string;
  own: boolean;
};

type Quarter = { key: string; year: string; quarter: string; entries: TimelineEntry[] };

/** Consecutive quarters from the first entry's to the last's, empty ones included. */
function quartersOf(entries: readonly TimelineEntry[], descending: boolean): Quarter[] {
  if (entries.length === 0) return [];
  const keys = entries.map((e) => quarterOf(e.date)).sort();
  const [first, last] = [keys[0]!, keys.at(-1)!];
  const all: Quarter[] = [];
  for (let y = Number(first.slice(0, 4)), q = Number(first.slice(6)); ;) {
    const key = `${y}-Q${q}`;
    all.push({
      key,
      year: String(y),
      quarter: String(q),
      entries: entries.filter((e) => quarterOf(e.date) === key),
    });
    if (key === last) break;
    [y, q] = q === 4 ? [y + 1, 1] : [y, q + 1];
  }
  return descending ? all.reverse() : all;
}

/**
 * Milestones on a rail, grouped by calendar quarter, with a strip of the quarters above it that
 * a reader scans first: how many dates fall in each, and a link down to them. Empty quarters
 * stay on the strip so a quiet stretch reads as one.
 */
export async function QuarterTimeline({
  id,
  entries,
  descending = false,
  strip = true,
}: {
  id: string;
  entries: readonly TimelineEntry[];
  descending?: boolean;
  strip?: boolean;
}) {
  const t = await getTranslations("laws");
  const quarters = quartersOf(entries, descending);
  const label = (q: Quarter) => t("quarter", { year: q.year, quarter: q.quarter });
  return (
    <>
      {strip && (
        <nav className="quarter-strip" aria-label={t("quarterStrip")}>
          <ol>
            {quarters.map((q) => (
              <li key={q.key} className={q.entries.length === 0 ? "quiet" : undefined}>
                {q.entries.length > 0 ? (
                  <a href={`#${id}-${q.key}`}>
                    <span>{label(q)}</span>{" "}
                    <strong>{t("dateCount", { count: q.entries.length })}</strong>
                  </a>
                ) : (
                  <>
                    <span>{label(q)}</span>{" "}
                    <span className="muted">{t("dateCount", { count: 0 })}</span>
                  </>
                )}
              </li>
            ))}
          </ol>
        </nav>
      )}
      <div className="quarter-timeline" data-testid={id}>
        {quarters
          .filter((q) => q.entries.length > 0)
          .map((q) => (
            <section key={q.key} aria-labelledby={`${id}-${q.key}`}>
              <h4 id={`${id}-${q.key}`}>{label(q)}</h4>
              <ol className="timeline">
                {q.entries.map((m) => (
                  <li key={m.key}>
                    <time dateTime={m.date}>{m.day}</time>
                    {m.badge}
                    <span>
                      <strong>{m.law}</strong> {m.label}
                      {m.own && <span className="status"> {t("own")}</span>}
                    </span>
                  </li>
                ))}
              </ol>
            </section>
          ))}
      </div>
    </>
  );
}
