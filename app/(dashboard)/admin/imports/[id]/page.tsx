import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/i18n/client-messages";
import { ImportProgress } from "@/components/imports/import-progress";
import { importSayers } from "@/components/imports/reasons";
import { ActionButton } from "@/components/ui/action-button";
import { PageHeader } from "@/components/ui/page-header";
import { pageTitle } from "@/components/ui/page-title";
import { Table } from "@/components/ui/table";
import { requireRole } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { getImport, previewImport, type ImportView } from "@/lib/imports/jobs";
import { mappingConflicts, mappingFromForm } from "@/lib/imports/mapping-form";
import { isField, knownFields } from "@/lib/imports/rows";
import { delimiterName } from "@/lib/imports/csv";
import { getCompletenessModel } from "@/lib/profiles/current-model";
import { getMatchingConfig } from "@/lib/identity/resolve";
import { cancelImportAction, startImportAction } from "../actions";

export const generateMetadata = pageTitle((t) => t("nav.imports"));

type Params = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string>> };

export default async function ImportPage({ params, searchParams }: Params) {
  const { db } = await requireRole("admin", "/admin/imports");
  const { id } = await params;
  const t = await getTranslations("imports");
  const format = await getFormatter();
  let view: ImportView;
  try {
    view = await getImport(db, id);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const facts = (
    <dl className="pairs">
      <dt>{t("kind")}</dt>
      <dd>{t(`kinds.${view.kind}`)}</dd>
      <dt>{t("format")}</dt>
      <dd>{view.format.toUpperCase()}</dd>
      <dt>{t("size")}</dt>
      <dd>
        {view.bytes < 1024 * 1024
          ? `${format.number(view.bytes / 1024, { maximumFractionDigits: 1 })} KB`
          : `${format.number(view.bytes / 1024 / 1024, { maximumFractionDigits: 1 })} MB`}
      </dd>
      <dt>{t("encoding")}</dt>
      <dd>{view.encoding === "utf-8" ? "UTF-8" : t("windows1252")}</dd>
      {view.delimiter && (
        <>
          <dt>{t("delimiter")}</dt>
          <dd>{t(`delimiters.${delimiterName(view.delimiter)}`)}</dd>
        </>
      )}
    </dl>
  );
  const header = (
    <PageHeader back={{ href: "/admin/imports", label: t("back") }} title={view.fileName} />
  );
  if (view.status !== "draft") {
    return (
      <>
        {header}
        {facts}
        <ClientMessages namespaces={["imports", "importMessages"]}>
          <ImportProgress initial={view} />
        </ClientMessages>
        {["queued", "running", "failed"].includes(view.status) && (
          <ActionButton action={cancelImportAction} fields={{ id }} className="secondary">
            {t("cancel")}
          </ActionButton>
        )}
      </>
    );
  }

  // A draft: map the columns (a GET form, so the preview follows every change), then start.
  const query = new URLSearchParams(await searchParams);
  const asked = [...query.keys()].some((k) => /^c\d+$/.test(k));
  const chosen = asked ? mappingFromForm(query, view.header) : (view.mapping ?? {});
  const conflicts = view.format === "csv" ? mappingConflicts(query, view.header) : [];
  const preview = await previewImport(db, id, view.format === "csv" ? chosen : undefined);
  // The file's and the mapping's problems and the rows' reasons, in the reader's language.
  const { say, reason: reasonText } = await importSayers();
  const problems = [...conflicts, ...preview.problems].map(say);
  const fieldOf = new Map(Object.entries(chosen).map(([field, column]) => [column, field]));
  // Each select as the admin left it, a field chosen twice included (the mapping keeps one).
  const selected = (i: number, column: string) =>
    asked ? (query.get(`c${i}`) ?? "") : (fieldOf.get(column) ?? "");
  const options =
    view.kind === "profiles" ? await profileFields(db, view.header) : [...knownFields[view.kind]];
  const shownFields = Object.keys(chosen);
  return (
    <>
      {header}
      {facts}
      {view.format === "csv" && (
        <section className="panel stack" aria-labelledby="mapping-title">
          <h2 id="mapping-title">{t("mapping")}</h2>
          <p className="muted">{t("mappingIntro")}</p>
          <form method="get" className="stack wide">
            <div className="table-wrap">
              <table className="mapping-table" data-testid="mapping">
                <thead>
                  <tr>
                    <th scope="col">{t("column")}</th>
                    <th scope="col">{t("field")}</th>
                    <th scope="col">{t("firstValues")}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.header.map((column, i) => (
                    <tr key={i}>
                      <th scope="row">
                        <label htmlFor={`c${i}`}>
                          {column || t("unnamedColumn", { column: i + 1 })}
                        </label>
                      </th>
                      <td>
                        <select id={`c${i}`} name={`c${i}`} defaultValue={selected(i, column)}>
                          <option value="">{t("ignore")}</option>
                          {options.map((f) => (
                            <option key={f} value={f}>
                              {f}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        {(preview.samples[i] ?? []).map((value, j) => (
                          <span key={j} className="sample">
                            {value}
                          </span>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <input type="hidden" name="id" value={id} />
            <input type="hidden" name="header" value={JSON.stringify(view.header)} />
            <div className="toolbar">
              <button type="submit" className="secondary">
                {t("showPreview")}
              </button>
              {/* Starts with the columns as chosen above, the same form's selects. */}
              <button type="submit" formAction={startImportAction} disabled={problems.length > 0}>
                {t("start")}
              </button>
            </div>
          </form>
        </section>
      )}
      <section className="panel stack" aria-labelledby="preview-title">
        <h2 id="preview-title">{t("preview")}</h2>
        {problems.length > 0 ? (
          <div className="notice error" role="alert" data-testid="mapping-problems">
            <p>{t("mappingProblems")}</p>
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        ) : (
          <>
            <p className="muted">
              {t("previewIntro", {
                rows: preview.rows.length,
                bad: preview.rows.filter((r) => r.reasons.length).length,
              })}
            </p>
            <Table
              data-testid="preview"
              rows={preview.rows}
              rowKey={(r) => r.line}
              rowProps={(r) => (r.reasons.length ? { className: "row-error" } : {})}
              columns={[
                { header: t("line"), numeric: true, rowHeader: true, cell: (r) => r.line },
                // The problems beside the line, where a wide file's columns cannot push them away.
                {
                  header: t("problems"),
                  cell: (r) => (r.reasons.length ? r.reasons.map(reasonText).join("; ") : "✓"),
                  cellProps: (r) => ({
                    className: r.reasons.length ? "preview-reasons error-text" : "preview-reasons",
                  }),
                },
                ...(view.format === "csv" ? shownFields : ["item"]).map((field) => ({
                  header: field,
                  cell: (r: (typeof preview.rows)[number]) =>
                    field === "item" ? (
                      <code>{JSON.stringify(r.item)}</code>
                    ) : (
                      rawValue(r.item, field)
                    ),
                })),
              ]}
            />
          </>
        )}
        <div className="toolbar">
          {view.format === "ndjson" && (
            <form action={startImportAction}>
              <input type="hidden" name="id" value={id} />
              <button type="submit" disabled={problems.length > 0}>
                {t("start")}
              </button>
            </form>
          )}
          <ActionButton action={cancelImportAction} fields={{ id }} className="secondary">
            {t("discard")}
          </ActionButton>
        </div>
        <p className="muted">{t("startHint")}</p>
      </section>
    </>
  );
}

/** A mapped field's value in a preview item, as text. */
function rawValue(item: Record<string, unknown> | null, field: string | undefined): string {
  if (!item || !field) return "";
  if (field.startsWith("identifier.")) {
    const ids = item.identifiers as Record<string, string> | undefined;
    return ids?.[field.slice("identifier.".length)] ?? "";
  }
  if (field.startsWith("consentMode.")) {
    const cm = item.consentMode as Record<string, string> | undefined;
    return cm?.[field.slice("consentMode.".length)] ?? "";
  }
  if (field.includes(".")) {
    const [group, name] = field.split(".");
    const attrs = item.attributes as { group: string; name: string; value: string }[] | undefined;
    return attrs?.find((a) => a.group === group && a.name === name)?.value ?? "";
  }
  const value = item[field];
  return Array.isArray(value) ? value.join(", ") : value === undefined ? "" : String(value);
}

/** The fields a profile column can fill: fixed ones, the identifier types, the model's attributes. */
async function profileFields(db: Parameters<typeof getCompletenessModel>[0], header: string[]) {
  const [model, matching] = await Promise.all([getCompletenessModel(db), getMatchingConfig(db)]);
  const fields = new Set<string>([
    ...knownFields.profiles,
    ...[...new Set([...matching.types, "email", "phone", "loyalty_id", "user_id"])].map(
      (t) => `identifier.${t}`,
    ),
    ...model.attributes.map((a) => `${a.group}.${a.name}`),
    ...header.filter((h) => isField("profiles", h)),
  ]);
  return [...fields];
}
