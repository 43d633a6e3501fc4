import type { Metadata } from "next";
import { ClientMessages } from "@/components/i18n/client-messages";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PurposeForm } from "@/components/purposes/purpose-form";
import { requireRole } from "@/lib/auth/session";
import { createPurposeAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("purposes"))("newTitle") };
}

export default async function NewPurposePage() {
  await requireRole("admin", "/admin/purposes/new");
  const t = await getTranslations("purposes");
  return (
    <>
      <p>
        <Link href="/admin/purposes">{t("back")}</Link>
      </p>
      <h1>{t("newTitle")}</h1>
      <ClientMessages namespaces={["purposes", "validation"]}>
        <PurposeForm mode="create" action={createPurposeAction} />
      </ClientMessages>
    </>
  );
}
