import { pageTitle } from "@/components/ui/page-title";
import { ClientMessages } from "@/components/i18n/client-messages";
import { Table } from "@/components/ui/table";
import { getFormatter, getTranslations } from "next-intl/server";
import { listApiKeys } from "@/lib/api-keys";
import { requireRole } from "@/lib/auth/session";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-form";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";
import { ActionButton } from "@/components/ui/action-button";
import { formatMoment } from "@/components/ui/format";

export const generateMetadata = pageTitle((t) => t("nav.apiKeys"));

export default async function ApiKeysPage() {
  const { db } = await requireRole("admin", "/admin/api-keys");
  const t = await getTranslations("apiKeys");
  const format = await getFormatter();
  const keys = await listApiKeys(db);
  // Keys expire by the real clock, as requests are refused by it (FIRSTPARTY_NOW fixes "today").
  const asOf = new Date();
  const when = (d: Date) => formatMoment(format, d);
  const names = new Map(keys.map((key) => [key.id, key.name]));
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <p className="muted">{t("ownerNote")}</p>
      <Table
        rows={keys}
        empty={t("empty")}
        rowKey={(key) => key.id}
        rowProps={(key) => ({ "data-testid": `api-key-row-${key.name}` })}
        columns={[
          { header: t("name"), cell: (key) => key.name },
          { header: t("prefix"), cell: (key) => <code>{key.prefix}…</code> },
          { header: t("scopes"), cell: (key) => key.scopes.join(", ") },
          {
            header: t("owner"),
            cell: (key) => (
              <>
                {key.owner ?? "—"}
                {key.createdByKey && (
                  <div className="muted">
                    {t("madeWith", { name: names.get(key.createdByKey) ?? key.createdByKey })}
                  </div>
                )}
              </>
            ),
          },
          { header: t("createdAt"), cell: (key) => when(key.createdAt) },
          {
            header: t("expires"),
            cell: (key) => (key.expiresAt ? when(key.expiresAt) : t("expiryNever")),
          },
          {
            header: t("lastUsed"),
            cell: (key) => (key.lastUsedAt ? when(key.lastUsedAt) : t("never")),
          },
          {
            header: t("status"),
            cellProps: () => ({ "data-testid": "api-key-status" }),
            cell: (key) =>
              key.revokedAt
                ? t("revoked", { date: when(key.revokedAt) })
                : key.expiresAt && key.expiresAt.getTime() <= asOf.getTime()
                  ? t("expired")
                  : // Held back for good before held back until the owner is enabled again.
                    key.ownerLacksRole
                    ? key.owner === null
                      ? t("noOwner")
                      : t("ownerLacksRole")
                    : key.ownerDisabled
                      ? t("suspended")
                      : t("active"),
          },
          {
            header: t("actions"),
            cell: (key) =>
              !key.revokedAt && (
                <ActionButton
                  action={revokeApiKeyAction}
                  fields={{ id: key.id }}
                  label={t("revokeLabel", { name: key.name })}
                >
                  {t("revoke")}
                </ActionButton>
              ),
          },
        ]}
      />
      <ClientMessages namespaces={["apiKeys", "validation"]}>
        <CreateApiKeyForm action={createApiKeyAction} />
      </ClientMessages>
    </>
  );
}
