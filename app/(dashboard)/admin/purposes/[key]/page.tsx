import type { Metadata } from "next";
import type { PageSearchParams } from "@/lib/filters/core";
import { ClientMessages } from "@/components/i18n/client-messages";
import { notFound } from "next/navigation";
import { NotFoundError } from "@/lib/errors";
import { getFormatter, getTranslations } from "next-intl/server";
import { PurposeForm } from "@/components/purposes/purpose-form";
import { purposeFieldText } from "@/components/purposes/field-value";
import { SelectField } from "@/components/ui/field";
import { Table } from "@/components/ui/table";
import { listAuditEventsFor } from "@/lib/audit/query";
import { requireRole } from "@/lib/auth/session";
import { getPurposeRow, hasConsentEvents, listPurposeVersions, toPurpose } from "@/lib/purposes";
import { AuditAction } from "@/components/audit/audit-action";
import { diffPurposeSnapshots, type PurposeField } from "@/lib/purposes/diff";
import { singleValues } from "@/lib/search-params";
import { deletePurposeAction, retirePurposeAction, updatePurposeAction } from "../actions";
import { PageHeader } from "@/components/ui/page-header";
import { ActionButton } from "@/components/ui/action-button";
import { formatMoment } from "@/components/ui/format";

type Params = Promise<{ key: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `${(await params).key} · ${(await getTranslations("nav"))("purposes")}` };
}

export default async function PurposePage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: PageSearchParams;
}) {
  const { key } = await params;
  const { db } = await requireRole("admin", `/admin/purposes/${key}`);
  const row = await getPurposeRow(db, key);
  if (!row) notFound();
  const purpose = toPurpose(row);
  const [versions, withEvents, trail] = await Promise.all([
    // Deleted between the two reads: gone, as if it had been before.
    listPurposeVersions(db, key).catch((error: unknown) => {
      if (error instanceof NotFoundError) notFound();
      throw error;
    }),
    hasConsentEvents(db, row.id),
    listAuditEventsFor(db, "purpose", key),
  ]);
  const t = await getTranslations("purposes");
  const format = await getFormatter();
  const query = singleValues(await searchParams);

  const versionParam = (name: string, fallback: number) => {
    const n = Number(query[name]);
    return Number.isInteger(n) && n >= 1 && n <= purpose.version ? n : fallback;
  };
  const to = versionParam("to", purpose.version);
  const from = versionParam("from", Math.max(1, to - 1));
  const snapshot = (v: number) => versions.find((x) => x.version === v)?.purpose ?? {};
  const changes = diffPurposeSnapshots(snapshot(from), snapshot(to));

  const show = (field: PurposeField, value: unknown) => purposeFieldText(t, field, value);
  const when = (at: string | Date) => formatMoment(format, at);

  return (
    <>
      <PageHeader back={{ href: "/admin/purposes", label: t("back") }} title={purpose.name} />
      <p className="muted">
        {t("meta", { key: purpose.key, version: purpose.version })} ·{" "}
        <span className={`status status-${purpose.status}`} data-testid="purpose-status">
          {t(`statuses.${purpose.status}`)}
        </span>
      </p>
      {query.stale ? (
        <p className="notice error" role="status" data-testid="purpose-stale">
          {query.stale === "delete" ? t("staleDelete") : t("staleRetire")}
        </p>
      ) : null}

      <h2>{t("edit")}</h2>
      <ClientMessages namespaces={["purposes", "validation"]}>
        <PurposeForm mode="edit" action={updatePurposeAction.bind(null, key)} initial={purpose} />
      </ClientMessages>

      <section className="panel" aria-labelledby="lifecycle-title">
        <h2 id="lifecycle-title">{purpose.status === "retired" ? t("retired") : t("retire")}</h2>
        {purpose.status !== "retired" && (
          <ActionButton
            action={retirePurposeAction.bind(null, key)}
            help={t("retireHelp")}
            fields={{ version: purpose.version }}
          >
            {t("retire")}
          </ActionButton>
        )}
        {withEvents ? (
          <p className="muted">{t("cannotDelete")}</p>
        ) : (
          <ActionButton
            action={deletePurposeAction.bind(null, key)}
            help={t("deleteHelp")}
            fields={{ version: purpose.version }}
          >
            {t("delete")}
          </ActionButton>
        )}
      </section>

      <section className="panel" aria-labelledby="versions-title">
        <h2 id="versions-title">{t("versions")}</h2>
        <Table
          stacked
          rows={versions}
          rowKey={(v) => v.version}
          columns={[
            { header: t("columns.version"), cell: (v) => v.version },
            { header: t("validFrom"), cell: (v) => when(v.validFrom) },
            { header: t("changedBy"), cell: (v) => v.changedBy },
            {
              // Only the version in force is current; an older one says when it was replaced.
              header: t("inForce"),
              cellProps: (v) => ({ "data-testid": `version-state-${v.version}` }),
              cell: (v) => {
                if (v.version === purpose.version)
                  return <span className="status status-active">{t("currentVersion")}</span>;
                const next = versions.find((x) => x.version === v.version + 1);
                return (
                  <span className="muted">
                    {next ? t("replacedOn", { date: when(next.validFrom) }) : t("replaced")}
                  </span>
                );
              },
            },
            {
              header: t("statusThen"),
              cell: (v) => t(`statuses.${v.purpose.status}`),
            },
          ]}
        />

        <h3>{t("compare")}</h3>
        <form className="toolbar" method="get">
          {(
            [
              ["from", from, t("compareFrom")],
              ["to", to, t("compareTo")],
            ] as const
          ).map(([end, version, label]) => (
            <SelectField
              key={end}
              id={`diff-${end}`}
              name={end}
              label={label}
              defaultValue={version}
              options={versions.map((v) => v.version)}
              optionLabel={String}
            />
          ))}
          <button type="submit" className="secondary">
            {t("showDiff")}
          </button>
        </form>
        <Table
          data-testid="purpose-diff"
          rows={changes}
          empty={t("noDifferences")}
          rowKey={(c) => c.field}
          columns={[
            { header: t("field"), rowHeader: true, cell: (c) => t(`fields.${c.field}`) },
            {
              header: t("versionN", { version: from }),
              cell: (c) => show(c.field, c.before),
              cellProps: () => ({ className: "diff-before" }),
            },
            {
              header: t("versionN", { version: to }),
              cell: (c) => show(c.field, c.after),
              cellProps: () => ({ className: "diff-after" }),
            },
          ]}
        />
      </section>

      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">{t("history")}</h2>
        <Table
          stacked
          data-testid="purpose-history"
          rows={trail}
          empty={t("historyEmpty")}
          rowKey={(e) => e.id}
          columns={[
            {
              header: t("when"),
              cell: (e) => when(e.occurredAt),
              cellProps: () => ({ className: "nowrap" }),
            },
            { header: t("who"), cell: (e) => e.actorLabel },
            {
              header: t("action"),
              cell: (e) => <AuditAction action={e.action} />,
            },
            {
              header: t("changed"),
              cell: (e) => {
                const detail = e.detail as {
                  changed?: PurposeField[];
                  requiresReconsent?: boolean;
                } | null;
                const changed = (detail?.changed ?? []).map((f) => t(`fields.${f}`)).join(", ");
                // The edit that asked customers again, said where the history shows it.
                return detail?.requiresReconsent
                  ? [changed, t("fields.requiresReconsent")].filter(Boolean).join(" · ")
                  : changed;
              },
            },
          ]}
        />
      </section>
    </>
  );
}
