import { pageTitle } from "@/components/ui/page-title";
import { ClientMessages } from "@/components/i18n/client-messages";
import { getTranslations } from "next-intl/server";
import { SourceForm } from "@/components/sources/source-form";
import { requireRole } from "@/lib/auth/session";
import { createSourceAction } from "../actions";
import { PageHeader } from "@/components/ui/page-header";

export const generateMetadata = pageTitle((t) => t("sourcesAdmin.new"));

export default async function NewSourcePage() {
  await requireRole("admin", "/admin/sources/new");
  const t = await getTranslations("sourcesAdmin");
  return (
    <>
      <PageHeader back={{ href: "/admin/sources", label: t("back") }} title={t("new")} />
      <ClientMessages namespaces={["sources", "sourcesAdmin", "purposes", "validation"]}>
        <SourceForm mode="create" action={createSourceAction} />
      </ClientMessages>
    </>
  );
}
