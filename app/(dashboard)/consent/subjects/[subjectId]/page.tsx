import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/session";
import {
  auditedSubjectRead,
  getSubjectConsents,
  type SubjectConsents,
} from "@/lib/consent/history";
import { NotFoundError } from "@/lib/errors";

type Params = Promise<{ subjectId: string }>;

// Page params arrive still percent-encoded (route handlers get them decoded); an id that is not
// valid percent-encoding is taken as it is rather than failing the page.
function subjectIdOf(params: { subjectId: string }): string {
  try {
    return decodeURIComponent(params.subjectId);
  } catch {
    return params.subjectId;
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return {
    title: `${subjectIdOf(await params)} · ${(await getTranslations("nav"))("consent")}`,
  };
}

export default async function SubjectConsentPage({ params }: { params: Params }) {
  const subjectId = subjectIdOf(await params);
  const { actor, db } = await requireRole("privacy", `/consent/subjects/${subjectId}`);
  const t = await getTranslations("consent.subject");
  const tc = await getTranslations("consent");
  const format = await getFormatter();
  let data: SubjectConsents | undefined;
  try {
    data = await auditedSubjectRead(db, actor, subjectId, "page", () =>
      getSubjectConsents(db, subjectId),
    );
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  const when = (iso: string) =>
    format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" });
  return (
    <>
      <p>
        <Link href="/consent">{t("back")}</Link>
      </p>
      <h1>{t("title", { subjectId })}</h1>
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
          <div className="table-wrap">
            <table data-testid="subject-current">
              <thead>
                <tr>
                  <th scope="col">{tc("purpose")}</th>
                  <th scope="col">{t("state")}</th>
                  <th scope="col">{t("since")}</th>
                  <th scope="col">{t("version")}</th>
                </tr>
              </thead>
              <tbody>
                {data.current.map((c) => (
                  <tr key={c.purpose}>
                    <td>{c.purposeName}</td>
                    <td>
                      <span className={`status state-${c.state}`}>{t(`states.${c.state}`)}</span>
                    </td>
                    <td>{when(c.since)}</td>
                    <td>{c.purposeVersion}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t("history")}</h2>
          <div className="table-wrap">
            <table data-testid="subject-history">
              <thead>
                <tr>
                  <th scope="col">{t("when")}</th>
                  <th scope="col">{tc("purpose")}</th>
                  <th scope="col">{t("action")}</th>
                  <th scope="col">{t("version")}</th>
                  <th scope="col">{t("legalBasis")}</th>
                  <th scope="col">{t("how")}</th>
                  <th scope="col">{t("where")}</th>
                  <th scope="col">{t("gpc")}</th>
                  <th scope="col">{t("notice")}</th>
                  <th scope="col">{t("source")}</th>
                </tr>
              </thead>
              <tbody>
                {data.history.map((h) => (
                  <tr key={h.eventId}>
                    <td>{when(h.occurredAt)}</td>
                    <td>{h.purposeName}</td>
                    <td>{t(`actions.${h.action}`)}</td>
                    <td>{h.purposeVersion}</td>
                    <td>{h.legalBasis ?? "—"}</td>
                    <td>{tc(`channels.${h.channel as "web"}`)}</td>
                    <td>{h.region}</td>
                    <td>{h.gpc ? t("yes") : t("no")}</td>
                    <td>{h.noticeVersion ?? "—"}</td>
                    <td>{h.source ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
