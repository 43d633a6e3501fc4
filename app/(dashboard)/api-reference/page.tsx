import { pageTitle } from "@/components/ui/page-title";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/session";
import { openApiDocument } from "@/lib/openapi";

export const generateMetadata = pageTitle("nav", "apiReference");

type Operation = {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses?: Record<string, { description?: string }>;
};

/** The OpenAPI document, readable: one section per operation, schemas as JSON. */
export default async function ApiReferencePage() {
  await requireRole("marketing", "/api-reference");
  const t = await getTranslations("apiReference");
  const doc = openApiDocument();
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>)
      .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
      .map(([method, operation]) => ({ path, method, operation })),
  );
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <p>
        <a href="/api/v1/openapi.json">{t("download")}</a>
      </p>
      <nav aria-label={t("operations")}>
        <ul>
          {operations.map(({ path, method, operation }) => (
            <li key={`${method} ${path}`}>
              <a href={`#${method}-${path.replace(/[^a-z0-9]+/gi, "-")}`}>
                <code>
                  {method.toUpperCase()} {path}
                </code>
              </a>{" "}
              — {operation.summary}
            </li>
          ))}
        </ul>
      </nav>
      {operations.map(({ path, method, operation }) => (
        <section
          key={`${method} ${path}`}
          id={`${method}-${path.replace(/[^a-z0-9]+/gi, "-")}`}
          className="panel"
          aria-labelledby={`h-${method}-${path.replace(/[^a-z0-9]+/gi, "-")}`}
        >
          <h2 id={`h-${method}-${path.replace(/[^a-z0-9]+/gi, "-")}`}>
            <code>
              {method.toUpperCase()} {path}
            </code>
          </h2>
          <p>{operation.summary}.</p>
          {operation.description && <p className="muted">{operation.description}</p>}
          {operation.parameters && operation.parameters.length > 0 && (
            <>
              <h3>{t("parameters")}</h3>
              <ul>
                {operation.parameters.map((p) => (
                  <li key={`${p.in}-${p.name}`}>
                    <code>{p.name}</code> ({p.in}
                    {p.required ? `, ${t("required")}` : ""}):{" "}
                    <code>{JSON.stringify(p.schema)}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
          {operation.requestBody &&
            Object.entries(operation.requestBody.content).map(([type, media]) => (
              <details key={type}>
                <summary>
                  {t("body")} <code>{type}</code>
                </summary>
                <pre className="code" tabIndex={0}>
                  {JSON.stringify(media.schema, null, 2)}
                </pre>
              </details>
            ))}
          <h3>{t("responses")}</h3>
          <ul>
            {Object.entries(operation.responses ?? {}).map(([status, response]) => (
              <li key={status}>
                <code>{status}</code> {response.description}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
