import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/session";
import { subjectIdOf } from "@/lib/consent/subject-param";
import { readSubjectIdentity, type IdentifierUse } from "@/lib/identity/person";
import { Table } from "@/components/ui/table";
import { redirect } from "next/navigation";
import { landingFromAnotherSite } from "@/lib/consent/look-up-path";
import { openedFromAnotherSite } from "@/lib/http";

type Params = Promise<{ subjectId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations("identity");
  return { title: t("title", { subjectId: subjectIdOf(await params) }) };
}

/**
 * Why a customer's profiles are one person: every profile, the identifiers that join them, and
 * those flagged and not used. For privacy officers and admins, as the customer's consent
 * history is; every visit is audited.
 */
export default async function SubjectIdentityPage({ params }: { params: Params }) {
  const subjectId = subjectIdOf(await params);
  const path = `/consent/subjects/${encodeURIComponent(subjectId)}`;
  const { actor, db } = await requireRole("privacy", `${path}/identity`);
  // Opened from another site: asked first, on a page that looks nobody up.
  if (await openedFromAnotherSite()) {
    redirect(landingFromAnotherSite(`${path}/identity`, new URLSearchParams())!);
  }
  const t = await getTranslations("identity");
  const ts = await getTranslations("consent.search");
  const identity = await readSubjectIdentity(db, actor, subjectId, "page");
  const kind = (type: string) =>
    ts.has(`types.${type}` as "types.email") ? ts(`types.${type}` as "types.email") : type;
  const subjectLink = (id: string) => (
    <Link href={`/consent/subjects/${encodeURIComponent(id)}`}>{id}</Link>
  );

  return (
    <>
      <p>
        <Link href={path}>{t("back")}</Link>
      </p>
      <h1>{t("title", { subjectId })}</h1>
      {!identity ? (
        <p className="empty-state" data-testid="identity-not-found">
          {t("notFound")}
        </p>
      ) : (
        <>
          <p className="lead">
            {t("intro", {
              types: identity.matching.types.map(kind).join(", "),
              max: identity.matching.maxProfiles,
            })}
          </p>
          <p data-testid="identity-summary">
            {t("summary", {
              person: identity.personId,
              profiles: identity.subjects.length,
              links: identity.links.length,
              flagged: identity.flagged.length,
            })}
          </p>

          <h2>{t("profiles")}</h2>
          <Table
            data-testid="identity-profiles"
            rows={identity.profiles}
            rowKey={(p) => p.subjectId}
            columns={[
              {
                header: t("subject"),
                rowHeader: true,
                cell: (p) => (
                  <>
                    {subjectLink(p.subjectId)}
                    {p.subjectId === subjectId && <> ({t("thisOne")})</>}
                  </>
                ),
              },
              { header: t("region"), cell: (p) => p.region },
              {
                header: t("identifiers"),
                cell: (p) =>
                  p.identifiers.length === 0 ? (
                    "—"
                  ) : (
                    <ul className="plain">
                      {p.identifiers.map((i) => (
                        <li key={i.type}>
                          {kind(i.type)}: <code>{i.value}</code>{" "}
                          <span className={`status use-${i.use}`}>
                            {t(`uses.${i.use as IdentifierUse}`)}
                          </span>
                        </li>
                      ))}
                    </ul>
                  ),
              },
            ]}
          />

          <h2>{t("links")}</h2>
          <Table
            data-testid="identity-links"
            rows={identity.links}
            rowKey={(l) => `${l.from}-${l.to}-${l.type}`}
            empty={t("noLinks")}
            columns={[
              { header: t("from"), cell: (l) => subjectLink(l.from) },
              { header: t("to"), cell: (l) => subjectLink(l.to) },
              { header: t("sharedType"), cell: (l) => kind(l.type) },
              { header: t("sharedValue"), cell: (l) => <code>{l.value}</code> },
            ]}
          />

          <h2>{t("flagged")}</h2>
          <p className="muted">{t("flaggedHint", { max: identity.matching.maxProfiles })}</p>
          <Table
            data-testid="identity-flagged"
            rows={identity.flagged}
            // Masked values of one type may look alike: the row's place tells them apart.
            rowKey={(f, i) => `${f.type}-${i}`}
            empty={t("noFlagged")}
            columns={[
              { header: t("sharedType"), cell: (f) => kind(f.type) },
              { header: t("sharedValue"), cell: (f) => <code>{f.value}</code> },
              {
                header: t("carriedBy"),
                numeric: true,
                cell: (f) => t("profilesCount", { count: f.profiles }),
              },
            ]}
          />
        </>
      )}
    </>
  );
}
