import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/components/ui/page-title";
import { FilterIssues } from "@/components/ui/filter-issues";
import { Table } from "@/components/ui/table";
import { requireRole } from "@/lib/auth/session";
import { isoDay, now } from "@/lib/clock";
import { auditedSubjectSearch } from "@/lib/consent/subject-search";
import { redirect } from "next/navigation";
import { landingFromAnotherSite } from "@/lib/consent/look-up-path";
import { openedFromAnotherSite } from "@/lib/http";
import { parseFilter, type PageSearchParams } from "@/lib/filters/core";
import { subjectSearchFilter } from "@/lib/filters/subjects";

export const generateMetadata = pageTitle((t) => t("consent.search.title"));

/**
 * Proof of consent starts from what the customer gives: an e-mail address, a phone number, a
 * loyalty number or the subject id. Every customer who matches is listed with what matched.
 */
export default async function SubjectSearchPage({
  searchParams,
}: {
  searchParams: PageSearchParams;
}) {
  const { actor, db } = await requireRole("privacy", "/consent/subjects");
  const t = await getTranslations("consent.search");
  const parsed = parseFilter(subjectSearchFilter, await searchParams, isoDay(now()));
  const query = (parsed.values.q ?? parsed.values.subjectId ?? "").trim();
  // Opened from another site: asked first, on a page that looks nobody up.
  if (query && (await openedFromAnotherSite())) {
    redirect(landingFromAnotherSite("/consent/subjects", new URLSearchParams({ q: query }))!);
  }
  const result = query ? await auditedSubjectSearch(db, actor, query) : null;
  const kind = (type: string) =>
    t.has(`types.${type}` as "types.email") ? t(`types.${type}` as "types.email") : type;

  return (
    <>
      <p>
        <Link href="/consent">{t("back")}</Link>
      </p>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      {parsed.issues.length > 0 && <FilterIssues title={t("invalid")} issues={parsed.issues} />}
      <form className="toolbar" role="search" method="get" action="/consent/subjects">
        <div className="field">
          <label htmlFor="subject-q">{t("label")}</label>
          <input
            id="subject-q"
            name="q"
            type="search"
            defaultValue={query}
            required
            maxLength={200}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <button type="submit">{t("button")}</button>
      </form>

      {result && (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{t("results")}</h2>
          <p className="muted" data-testid="search-read-as">
            {t("readAs")}:{" "}
            {[
              result.readAs.email && t("asEmail", { value: result.readAs.email }),
              result.readAs.phones.length > 0 &&
                t("asPhone", { value: result.readAs.phones.join(", ") }),
              t("asText", { value: result.query }),
            ]
              .filter(Boolean)
              .join("; ")}
          </p>
          {result.matches.length === 0 ? (
            <p className="empty-state" data-testid="search-empty">
              {t("none")}
            </p>
          ) : (
            <>
              <p data-testid="search-count">
                {t("count", { count: result.matches.length })}
                {result.more && ` ${t("more")}`}
              </p>
              <Table
                data-testid="search-results"
                rows={result.matches}
                rowKey={(m) => m.subjectId}
                columns={[
                  {
                    header: t("subject"),
                    rowHeader: true,
                    cell: (m) => (
                      <Link href={`/consent/subjects/${encodeURIComponent(m.subjectId)}`}>
                        {m.subjectId}
                      </Link>
                    ),
                  },
                  { header: t("region"), cell: (m) => m.region ?? "—" },
                  {
                    header: t("matchedOn"),
                    cell: (m) =>
                      m.bySubjectId ? (
                        t("bySubjectId")
                      ) : (
                        <ul className="plain">
                          {m.matchedOn.map((i) => (
                            <li key={i.type}>
                              {kind(i.type)}: <span className="mono">{i.value}</span>
                            </li>
                          ))}
                        </ul>
                      ),
                  },
                  {
                    header: t("profile"),
                    cell: (m) => (m.profile ? t("hasProfile") : t("eventsOnly")),
                  },
                ]}
              />
            </>
          )}
        </section>
      )}
    </>
  );
}
