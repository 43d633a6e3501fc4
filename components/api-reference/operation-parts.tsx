import { useLocale, useTranslations } from "next-intl";
import { Table } from "@/components/ui/table";
import {
  fieldRows,
  phraseArgs,
  phrasesOf,
  type FieldRow,
  type Phrase,
  type Resolve,
  type Schema,
} from "@/lib/openapi/describe";
import type { ApiKeyScope, Role } from "@/lib/enums";
import { describedIn } from "@/lib/openapi/german";

/** The parts of an OpenAPI operation the reference shows. */
export type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema; example?: unknown }> };
  responses?: Record<string, Response>;
};
/** A response, or a reference to a shared one in components.responses. */
export type Response = {
  $ref?: string;
  description?: string;
  content?: Record<string, { schema: Schema }>;
};
type Parameter = {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required?: boolean;
  description?: string;
  schema?: Schema;
};

/** Text from the document, its `code` spans shown as code rather than as backticks. */
export function Prose({ text }: { text: string | undefined }) {
  const locale = useLocale();
  if (!text) return null;
  return (
    <>
      {describedIn(locale, text)
        .split(/`([^`]+)`/)
        .map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}
    </>
  );
}

/** A type in words, in the reader's language: "text, 1 to 200 characters". */
function Phrases({ phrases }: { phrases: Phrase[] }) {
  const t = useTranslations("apiReference.phrases");
  return <>{phrases.map((p) => t(...phraseArgs(p))).join(", ")}</>;
}

/** Who may call the operation: each alternative of its security requirements. */
export function AccessList({ security }: { security: Record<string, string[]>[] }) {
  const t = useTranslations("apiReference");
  const roles = useTranslations("roles");
  return (
    <div className="api-access">
      <h4>{t("access")}</h4>
      <ul>
        {security.length === 0 && <li>{t("public")}</li>}
        {security.flatMap((requirement) =>
          Object.entries(requirement).map(([scheme, names]) => (
            <li key={`${scheme}-${names.join()}`}>
              {scheme === "session"
                ? t("sessionRole", { role: roles(names[0] as Role) })
                : t("keyScope", { scope: names.join(", ") as ApiKeyScope })}
            </li>
          )),
        )}
      </ul>
    </div>
  );
}

export function ParameterTable({
  parameters,
  resolve,
}: {
  parameters: Parameter[];
  resolve: Resolve;
}) {
  const t = useTranslations("apiReference");
  return (
    <Table
      className="api-fields"
      stacked
      rows={parameters}
      rowKey={(p) => `${p.in}-${p.name}`}
      columns={[
        { header: t("field"), cell: (p) => <code>{p.name}</code>, rowHeader: true },
        { header: t("in"), cell: (p) => t(`where.${p.in}`) },
        {
          header: t("type"),
          cell: (p) => <Phrases phrases={p.schema ? phrasesOf(p.schema, resolve) : []} />,
        },
        { header: t("required"), cell: (p) => (p.required ? t("yes") : t("no")) },
        {
          header: t("description"),
          cell: (p) => <Prose text={p.description ?? p.schema?.description} />,
        },
      ]}
    />
  );
}

export function FieldTable({ schema, resolve }: { schema: Schema; resolve: Resolve }) {
  const t = useTranslations("apiReference");
  return (
    <Table<FieldRow>
      className="api-fields"
      stacked
      rows={fieldRows(schema, resolve)}
      rowKey={(row) => row.name}
      columns={[
        { header: t("field"), cell: (row) => <code>{row.name}</code>, rowHeader: true },
        { header: t("type"), cell: (row) => <Phrases phrases={row.phrases} /> },
        { header: t("required"), cell: (row) => (row.required ? t("yes") : t("no")) },
        { header: t("description"), cell: (row) => <Prose text={row.description} /> },
      ]}
    />
  );
}

/** A request body example: JSON pretty-printed, NDJSON and CSV as the text they are. */
export function Example({ type, value }: { type: string; value: unknown }) {
  const t = useTranslations("apiReference");
  return (
    <details>
      <summary>{t("example", { type })}</summary>
      <pre className="code" tabIndex={0}>
        {typeof value === "string" ? value : JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}
