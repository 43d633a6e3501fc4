import { after } from "next/server";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/i18n/client-messages";
import { importSayers } from "@/components/imports/reasons";
import { SegmentForm } from "@/components/imports/segment-form";
import { UploadForm } from "@/components/imports/upload-form";
import { pageTitle } from "@/components/ui/page-title";
import { Table } from "@/components/ui/table";
import { requireRole } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { listImports, resumeImportJobs, sourceOptions } from "@/lib/imports/jobs";
import { importKinds } from "@/lib/imports/rows";
import { getMatchingConfig } from "@/lib/identity/resolve";
import { CONSENT_EVENT, SEGMENT_ID_TYPES } from "@/lib/segment/config";
import {
  getSegmentMapping,
  refusedSegmentMessages,
  segmentCategoryPurposes,
  segmentCounts,
} from "@/lib/segment/ingest";
import { saveSegmentAction } from "./actions";
import { formatMoment } from "@/components/ui/format";

export const generateMetadata = pageTitle((t) => t("nav.imports"));

export default async function ImportsPage() {
  const { db } = await requireRole("admin", "/admin/imports");
  const t = await getTranslations("imports");
  const tp = await getTranslations("profiles");
  const format = await getFormatter();
  const [imports, sources, mapping, counts, mapped, refused, matching] = await Promise.all([
    listImports(db),
    sourceOptions(db),
    getSegmentMapping(db),
    segmentCounts(db),
    segmentCategoryPurposes(db),
    refusedSegmentMessages(db),
    getMatchingConfig(db),
  ]);
  // Consent given before signing in joins the customer through these two (lib/segment/ingest).
  const unmatched = SEGMENT_ID_TYPES.filter((type) => !matching.types.includes(type));
  // Imports left by a stopped instance go on when an admin looks.
  after(() => resumeImportJobs(db));
  const when = (iso: string) => formatMoment(format, iso);
  const { reason } = await importSayers();
  const endpoint = `${new URL(env().nextAuthUrl ?? "http://localhost:3000").origin}/api/v1/segment/batch`;
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <section aria-labelledby="upload-title">
        <h2 id="upload-title">{t("uploadTitle")}</h2>
        <p className="muted">{t("uploadIntro")}</p>
        <ClientMessages namespaces={["imports", "importMessages"]}>
          <UploadForm kinds={importKinds} sources={sources} />
        </ClientMessages>
      </section>
      <h2 id="recent-title">{t("recent")}</h2>
      <Table
        aria-labelledby="recent-title"
        data-testid="imports"
        rows={imports}
        empty={t("noImports")}
        rowKey={(i) => i.id}
        columns={[
          {
            header: t("fileName"),
            rowHeader: true,
            cell: (i) => <Link href={`/admin/imports/${i.id}`}>{i.fileName}</Link>,
          },
          { header: t("kind"), cell: (i) => t(`kinds.${i.kind}`) },
          { header: t("status"), cell: (i) => t(`statuses.${i.status}`) },
          { header: t("rowsDone"), numeric: true, cell: (i) => format.number(i.rows) },
          { header: t("accepted"), numeric: true, cell: (i) => format.number(i.accepted) },
          { header: t("duplicates"), numeric: true, cell: (i) => format.number(i.duplicates) },
          { header: t("rejected"), numeric: true, cell: (i) => format.number(i.rejected) },
          { header: t("uploaded"), cell: (i) => `${when(i.createdAt)} · ${i.createdBy ?? ""}` },
        ]}
      />

      <section aria-labelledby="segment-title">
        <h2 id="segment-title">{t("segmentTitle")}</h2>
        <p>{t("segmentIntro")}</p>
        <dl className="pairs">
          <dt>{t("endpoint")}</dt>
          <dd>
            <code data-testid="segment-endpoint">{endpoint}</code>
          </dd>
          <dt>{t("writeKey")}</dt>
          <dd>
            {t.rich("writeKeyText", {
              link: (chunks) => <Link href="/admin/api-keys">{chunks}</Link>,
            })}
          </dd>
          <dt>{t("consentTrack")}</dt>
          <dd>
            <code>{CONSENT_EVENT}</code>
          </dd>
          <dt>{t("beforeSignIn")}</dt>
          <dd data-testid="segment-before-sign-in">
            {unmatched.length === 0
              ? t("beforeSignInJoined")
              : t.rich("beforeSignInApart", {
                  types: format.list(unmatched.map((type) => tp(`identifierTypes.${type}`))),
                  count: unmatched.length,
                  link: (chunks) => <Link href="/admin/profiles#matching-title">{chunks}</Link>,
                })}
          </dd>
        </dl>
        <h3>{t("received")}</h3>
        <Table
          data-testid="segment-counts"
          rows={counts}
          empty={t("nothingReceived")}
          rowKey={(c) => `${c.type}-${c.event ?? ""}`}
          columns={[
            { header: t("messageType"), rowHeader: true, cell: (c) => <code>{c.type}</code> },
            { header: t("event"), cell: (c) => c.event ?? "—" },
            { header: t("messages"), numeric: true, cell: (c) => format.number(c.messages) },
            { header: t("lastReceived"), cell: (c) => when(c.last) },
          ]}
        />
        {refused.length > 0 && (
          <>
            <h3>{t("refused")}</h3>
            <p className="muted">{t("refusedIntro")}</p>
            <Table
              data-testid="segment-refused"
              rows={refused}
              rowKey={(r) => r.messageId}
              columns={[
                {
                  header: t("messageId"),
                  rowHeader: true,
                  cell: (r) => <code>{r.messageId}</code>,
                },
                { header: t("messageType"), cell: (r) => <code>{r.type}</code> },
                {
                  header: t("reason"),
                  // Messages refused before reasons were kept have their English only.
                  cell: (r) => (r.reasons ? r.reasons.map(reason).join("; ") : r.error),
                },
                { header: t("lastReceived"), cell: (r) => when(r.receivedAt) },
              ]}
            />
          </>
        )}
        <h3>{t("categories")}</h3>
        <Table
          data-testid="segment-categories"
          rows={mapped}
          empty={t("noCategories")}
          rowKey={(p) => p.key}
          columns={[
            {
              header: t("purpose"),
              rowHeader: true,
              cell: (p) => <Link href={`/admin/purposes/${p.key}`}>{p.name}</Link>,
            },
            { header: t("categoryList"), cell: (p) => p.categories.join(", ") },
          ]}
        />
        <h3 id="segment-mapping-title">{t("segmentTraits")}</h3>
        <p className="muted">{t("segmentTraitsIntro")}</p>
        <ClientMessages namespaces={["imports", "validation"]}>
          <SegmentForm action={saveSegmentAction} current={mapping} sources={sources} />
        </ClientMessages>
      </section>
    </>
  );
}
