import { pageTitle } from "@/components/ui/page-title";
import { getTranslations } from "next-intl/server";
import {
  AccessList,
  Example,
  FieldTable,
  ParameterTable,
  Prose,
  type Operation,
  type Response,
} from "@/components/api-reference/operation-parts";
import { requireRole } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { detailValues, openApiDocument, tagOrder } from "@/lib/openapi";
import { resolver } from "@/lib/openapi/describe";

export const generateMetadata = pageTitle((t) => t("nav.apiReference"));

const methods = ["get", "post", "put", "patch", "delete"] as const;
/** `post-api-v1-consent-events` for POST /api/v1/consent-events. */
const anchor = (method: string, path: string) =>
  `${method}-${path.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "")}`;

/**
 * The OpenAPI document for people: operations grouped by domain, parameters and bodies as
 * tables with types in words, an example per body, and who may call each operation.
 */
export default async function ApiReferencePage() {
  await requireRole("marketing", "/api-reference");
  const t = await getTranslations("apiReference");
  const doc = openApiDocument({ serverUrl: env().nextAuthUrl });
  const resolve = resolver(doc.components as never);
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    methods.flatMap((method) => {
      const operation = (item as Record<string, Operation | undefined>)[method];
      return operation ? [{ path, method, operation, id: anchor(method, path) }] : [];
    }),
  );
  // Shared refusals are components the operations refer to; the page shows them in place.
  const sharedResponses = (doc.components?.responses ?? {}) as Record<string, Response>;
  const responsesOf = (operation: Operation): [string, Response][] =>
    Object.entries(operation.responses ?? {}).map(([status, r]) => [
      status,
      r.$ref ? (sharedResponses[r.$ref.split("/").pop()!] ?? r) : r,
    ]);
  const groups = tagOrder.map((tag) => ({
    tag,
    operations: operations.filter((o) => o.operation.tags?.[0] === tag),
  }));
  const refusal = JSON.stringify(
    { error: "…", issues: [{ path: "…", message: "…" }] },
    null,
    0,
  ).replace(/,/g, ", ");

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <p>
        {t("server")}: <code>{doc.servers?.[0]?.url}</code> ·{" "}
        <a href="/api/v1/openapi.json">{t("download")}</a>
      </p>
      <nav aria-label={t("contents")} className="api-contents">
        {groups.map(({ tag, operations: ops }) => (
          <div key={tag}>
            <p className="api-contents-group">
              <a href={`#tag-${tag}`}>{t(`tags.${tag}.name`)}</a>
            </p>
            <ul>
              {ops.map(({ path, method, operation, id }) => (
                <li key={id}>
                  <a href={`#${id}`}>
                    <code>
                      {method.toUpperCase()} {path}
                    </code>
                  </a>{" "}
                  — {t(`summaries.${operation.operationId as "listLaws"}`)}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      {groups.map(({ tag, operations: ops }) => (
        <section key={tag} aria-labelledby={`tag-${tag}`}>
          <h2 id={`tag-${tag}`}>{t(`tags.${tag}.name`)}</h2>
          <p className="muted">{t(`tags.${tag}.description`)}</p>
          {ops.map(({ path, method, operation, id }) => {
            const responses = responsesOf(operation);
            const refusals = responses.filter(([s]) => /^[45]/.test(s));
            const answers = responses.filter(([s]) => !/^[45]/.test(s));
            return (
              <section key={id} id={id} className="panel" aria-labelledby={`h-${id}`}>
                <h3 id={`h-${id}`}>
                  <code>
                    {method.toUpperCase()} {path}
                  </code>
                </h3>
                <p>{t(`summaries.${operation.operationId as "listLaws"}`)}.</p>
                {t.has(`details.${operation.operationId as "upsertProfiles"}`) && (
                  <p className="muted">
                    {t(
                      `details.${operation.operationId as "upsertProfiles"}`,
                      detailValues(operation.operationId),
                    )}
                  </p>
                )}
                <AccessList security={operation.security ?? doc.security ?? []} />
                {operation.parameters && operation.parameters.length > 0 && (
                  <>
                    <h4>{t("parameters")}</h4>
                    <ParameterTable parameters={operation.parameters} resolve={resolve} />
                  </>
                )}
                {operation.requestBody &&
                  Object.entries(operation.requestBody.content).map(([type, media]) => (
                    <div key={type}>
                      <h4>
                        {t("body")} <code>{type}</code>
                      </h4>
                      <FieldTable schema={media.schema} resolve={resolve} />
                      {media.example !== undefined && <Example type={type} value={media.example} />}
                    </div>
                  ))}
                <h4>{t("responses")}</h4>
                {answers.map(([status, response]) => {
                  const schema = response.content?.["application/json"]?.schema;
                  return (
                    <div key={status}>
                      <p>
                        <code>{status}</code> <Prose text={response.description} />
                      </p>
                      {schema && (
                        <details>
                          <summary>{t("answer", { status })}</summary>
                          <FieldTable schema={schema} resolve={resolve} />
                        </details>
                      )}
                    </div>
                  );
                })}
                <h4>{t("refusals")}</h4>
                <p className="muted">
                  {t("errorShape")}: <code>{refusal}</code>
                </p>
                <ul className="muted">
                  {refusals.map(([status, response]) => (
                    <li key={status}>
                      <code>{status}</code> <Prose text={response.description} />
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </section>
      ))}
    </>
  );
}
