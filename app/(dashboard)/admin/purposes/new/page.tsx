import { pageTitle } from "@/components/ui/page-title";
import { ClientMessages } from "@/components/i18n/client-messages";
import { getTranslations } from "next-intl/server";
import { PurposeForm } from "@/components/purposes/purpose-form";
import { requireRole } from "@/lib/auth/session";
import { createPurposeAction } from "../actions";
import { PageHeader } from "@/components/ui/page-header";

export const generateMetadata = pageTitle((t) => t("purposes.newTitle"));

export default async function NewPurposePage() {
  await requireRole("admin", "/admin/purposes/new");
  const t = await getTranslations("purposes");
  return (
    <>
      <PageHeader back={{ href: "/admin/purposes", label: t("back") }} title={t("newTitle")} />
      <ClientMessages namespaces={["purposes", "validation"]}>
        <PurposeForm mode="create" action={createPurposeAction} />
      </ClientMessages>
    </>
  );
}
