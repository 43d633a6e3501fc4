import type { Metadata } from "next";
import { ClientMessages } from "@/components/i18n/client-messages";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { SourceForm } from "@/components/sources/source-form";
import { requireRole } from "@/lib/auth/session";
import { createSourceAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("sourcesAdmin"))("new") };
}

export default async function NewSourcePage() {
  await requireRole("admin", "/admin/sources/new");
  const t = await getTranslations("sourcesAdmin");
  return (
    <>
      <p>
        <Link href="/admin/sources">{t("back")}</Link>
      </p>
      <h1>{t("new")}</h1>
      <ClientMessages namespaces={["sources", "sourcesAdmin", "purposes", "validation"]}>
        <SourceForm mode="create" action={createSourceAction} />
      </ClientMessages>
    </>
  );
}
