import { pageTitle } from "@/components/ui/page-title";
import { ClientMessages } from "@/components/i18n/client-messages";
import { getTranslations } from "next-intl/server";
import { CustomLawForm } from "@/components/laws/law-forms";
import { requireRole } from "@/lib/auth/session";
import { createCustomLawAction } from "../actions";
import { PageHeader } from "@/components/ui/page-header";

export const generateMetadata = pageTitle((t) => t("laws.addLaw"));

export default async function NewLawPage() {
  await requireRole("privacy", "/laws/new");
  const t = await getTranslations("laws");
  return (
    <>
      <PageHeader
        back={{ href: "/laws", label: t("backToLaws") }}
        title={t("addLaw")}
        lead={t("addLawIntro")}
      />
      <ClientMessages namespaces={["laws", "validation"]}>
        <CustomLawForm action={createCustomLawAction} />
      </ClientMessages>
    </>
  );
}
