import type { Metadata } from "next";
import { ClientMessages } from "@/components/i18n/client-messages";
import { getFormatter, getTranslations } from "next-intl/server";
import { listApiKeys } from "@/lib/api-keys";
import { requireRole } from "@/lib/auth/session";
import { now } from "@/lib/clock";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-form";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("apiKeys") };
}

export default async function ApiKeysPage() {
  const { db } = await requireRole("admin", "/admin/api-keys");
  const t = await getTranslations("apiKeys");
  const format = await getFormatter();
  const keys = await listApiKeys(db);
  const asOf = now();
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <p className="muted">{t("ownerNote")}</p>
      {keys.length === 0 ? (
        <p className="muted">{t("empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("name")}</th>
                <th scope="col">{t("prefix")}</th>
                <th scope="col">{t("scopes")}</th>
                <th scope="col">{t("owner")}</th>
                <th scope="col">{t("createdAt")}</th>
                <th scope="col">{t("expires")}</th>
                <th scope="col">{t("lastUsed")}</th>
                <th scope="col">{t("status")}</th>
                <th scope="col">{t("actions")}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.id} data-testid={`api-key-row-${key.name}`}>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>{key.scopes.join(", ")}</td>
                  <td>{key.owner ?? "—"}</td>
                  <td>{when(key.createdAt)}</td>
                  <td>{key.expiresAt ? when(key.expiresAt) : t("expiryNever")}</td>
                  <td>{key.lastUsedAt ? when(key.lastUsedAt) : t("never")}</td>
                  <td data-testid="api-key-status">
                    {key.revokedAt
                      ? t("revoked", { date: when(key.revokedAt) })
                      : key.expiresAt && key.expiresAt.getTime() <= asOf.getTime()
                        ? t("expired")
                        : t("active")}
                  </td>
                  <td>
                    {!key.revokedAt && (
                      <form action={revokeApiKeyAction}>
                        <input type="hidden" name="id" value={key.id} />
                        <button
                          type="submit"
                          className="danger"
                          aria-label={t("revokeLabel", { name: key.name })}
                        >
                          {t("revoke")}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ClientMessages namespaces={["apiKeys", "validation"]}>
        <CreateApiKeyForm action={createApiKeyAction} />
      </ClientMessages>
    </>
  );
}
