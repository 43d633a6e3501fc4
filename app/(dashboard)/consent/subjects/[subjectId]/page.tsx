import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { legalBasisValues } from "@/lib/enums";
import { requireRole } from "@/lib/auth/session";
import { subjectIdOf } from "@/lib/consent/subject-param";
import {
  auditedSubjectRead,
  getSubjectConsents,
  type SubjectConsents,
} from "@/lib/consent/history";
import { NotFoundError } from "@/lib/errors";
import { translatedPurposeNames } from "@/lib/purposes/names";
import { listWorkingPreferenceLinks } from "@/lib/preferences/links";
import { ActionButton } from "@/components/ui/action-button";
import { Table } from "@/components/ui/table";
import { revokePreferenceLinkAction, revokePreferenceLinksAction } from "./actions";
import { formatMoment } from "@/components/ui/format";
import { redirect } from "next/navigation";
import { landingFromAnotherSite } from "@/lib/consent/look-up-path";
import { openedFromAnotherSite } from "@/lib/http";

type Params = Promise<{ subjectId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return {
    title: `${subjectIdOf(await params)} · ${(await getTranslations("nav"))("consent")}`,
  };
}

export default async function SubjectConsentPage({ params }: { params: Params }) {
  const subjectId = subjectIdOf(await params);
  const { actor, db } = await requireRole("privacy", `/consent/subjects/${subjectId}`);
  // Opened from another site: asked first, on a page that looks nobody up.
  if (await openedFromAnotherSite()) {
    redirect(
      landingFromAnotherSite(
        `/consent/subjects/${encodeURIComponent(subjectId)}`,
        new URLSearchParams(),
      )!,
    );
  }
  const t = await getTranslations("consent.subject");
  const tc = await getTranslations("consent");
  const ti = await getTranslations("identity");
  const tp = await getTranslations("purposes");
  const format = await getFormatter();
  let data: SubjectConsents | undefined;
  try {
    data = await auditedSubjectRead(db, actor, subjectId, "page", () =>
      getSubjectConsents(db, subjectId),
    );
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  // Real time, as links are issued and opened (a demo's fixed clock must not hide one that works).
  const links = await listWorkingPreferenceLinks(db, subjectId, new Date());
  const when = (iso: string) => formatMoment(format, iso);
  // On German pages, a purpose's German name where it has one; else the name of the version
  // decided on (as the receipt keeps it).
  const names = await translatedPurposeNames(db, await getLocale());
  const nameOf = (row: { purpose: string; purposeName: string }) =>
    names[row.purpose] ?? row.purposeName;
  return (
    <>
      <p>
        <Link href="/consent">{t("back")}</Link>
      </p>
      <h1>{t("title", { subjectId })}</h1>
      <p>
        <Link href={`/consent/subjects/${encodeURIComponent(subjectId)}/identity`}>
          {ti("open")}
        </Link>
      </p>
      {!data ? (
        <p className="empty-state" data-testid="subject-not-found">
          {t("notFound")}
        </p>
      ) : (
        <>
          <p className="lead">{t("intro")}</p>
          <p>
            <a
              className="button"
              href={`/api/v1/subjects/${encodeURIComponent(subjectId)}/consents?format=receipt`}
              download
            >
              {t("receipt")}
            </a>
          </p>
          <h2>{t("current")}</h2>
          <Table
            data-testid="subject-current"
            rows={data.current}
            rowKey={(c) => c.purpose}
            columns={[
              { header: tc("purpose"), cell: nameOf },
              {
                header: t("state"),
                cell: (c) => (
                  <span className={`status state-${c.state}`}>{t(`states.${c.state}`)}</span>
                ),
              },
              { header: t("since"), cell: (c) => when(c.since) },
              { header: t("version"), cell: (c) => c.purposeVersion },
            ]}
          />
          <h2>{t("history")}</h2>
          <Table
            data-testid="subject-history"
            rows={data.history}
            rowKey={(h) => h.eventId}
            columns={[
              { header: t("when"), cell: (h) => when(h.occurredAt) },
              // An import's or a late sender's decision arrives after it was made: both shown.
              { header: t("received"), cell: (h) => when(h.receivedAt) },
              { header: tc("purpose"), cell: nameOf },
              { header: t("action"), cell: (h) => t(`actions.${h.action}`) },
              { header: t("version"), cell: (h) => h.purposeVersion },
              {
                header: t("legalBasis"),
                cell: (h) =>
                  isLegalBasis(h.legalBasis)
                    ? tp(`legalBases.${h.legalBasis}`)
                    : (h.legalBasis ?? "—"),
              },
              {
                // What the purpose covered at that version, as the customer was told.
                header: t("dataCategories"),
                cell: (h) =>
                  h.dataCategories.length
                    ? h.dataCategories.map((c) => tp(`categories.${c as "contact"}`)).join(", ")
                    : "—",
              },
              { header: t("how"), cell: (h) => tc(`channels.${h.channel as "web"}`) },
              { header: t("where"), cell: (h) => h.region },
              { header: t("gpc"), cell: (h) => (h.gpc ? t("yes") : t("no")) },
              // Codes ("2025-01", "mobile-app") stay whole on their line.
              { header: t("notice"), cell: (h) => h.noticeVersion ?? "—", cellProps: nowrap },
              { header: t("source"), cell: (h) => h.source ?? "—", cellProps: nowrap },
            ]}
          />
        </>
      )}
      <section aria-labelledby="preference-links">
        <h2 id="preference-links">{t("links.title")}</h2>
        <p data-testid="preference-links">
          {t("links.working", {
            count: links.length,
            until: links.length ? when(lastExpiry(links)) : "",
          })}
        </p>
        {links.length > 0 && (
          <>
            <p className="muted">{t("links.listIntro")}</p>
            <Table
              aria-label={t("links.table")}
              data-testid="preference-link-list"
              rows={links}
              rowKey={(l) => l.id}
              columns={[
                { header: t("links.issued"), rowHeader: true, cell: (l) => when(l.createdAt) },
                { header: t("links.expires"), cell: (l) => when(l.expiresAt) },
                {
                  header: t("links.language"),
                  cell: (l) => (l.locale ? l.locale.toUpperCase() : t("links.anyLanguage")),
                },
                { header: t("links.opened"), numeric: true, cell: (l) => format.number(l.views) },
                {
                  header: t("links.lastOpened"),
                  cell: (l) => (l.lastVisitAt ? when(l.lastVisitAt) : t("links.never")),
                },
                {
                  header: t("links.action"),
                  cell: (l) => (
                    <ActionButton
                      action={revokePreferenceLinkAction}
                      fields={{ subjectId, linkId: l.id }}
                      label={t("links.revokeOneLabel", { issued: when(l.createdAt) })}
                    >
                      {t("links.revokeOne")}
                    </ActionButton>
                  ),
                },
              ]}
            />
            <ActionButton
              action={revokePreferenceLinksAction}
              fields={{ subjectId }}
              help={t("links.revokeHint")}
            >
              {t("links.revoke")}
            </ActionButton>
          </>
        )}
      </section>
    </>
  );
}

const isLegalBasis = (value: string | null): value is (typeof legalBasisValues)[number] =>
  (legalBasisValues as readonly (string | null)[]).includes(value);

const nowrap = () => ({ className: "nowrap" });

const lastExpiry = (links: { expiresAt: string }[]) =>
  links.reduce((last, l) => (l.expiresAt > last ? l.expiresAt : last), links[0]!.expiresAt);
