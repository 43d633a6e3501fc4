import type { Metadata } from "next";
import { ClientMessages } from "@/components/i18n/client-messages";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CustomLawForm } from "@/components/laws/law-forms";
import { requireRole } from "@/lib/auth/session";
import { createCustomLawAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("laws"))("addLaw") };
}

export default async function NewLawPage() {
  await requireRole("privacy", "/laws/new");
  const t = await getTranslations("laws");
  return (
    <>
      <p>
        <Link href="/laws">{t("backToLaws")}</Link>
      </p>
      <h1>{t("addLaw")}</h1>
      <p className="lead">{t("addLawIntro")}</p>
      <ClientMessages namespaces={["laws", "validation"]}>
        <CustomLawForm action={createCustomLawAction} />
      </ClientMessages>
    </>
  );
}
