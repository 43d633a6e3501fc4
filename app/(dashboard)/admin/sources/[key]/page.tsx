import type { Metadata } from "next";
import { ClientMessages } from "@/components/i18n/client-messages";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SourceForm } from "@/components/sources/source-form";
import { requireRole } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { isoDay, now } from "@/lib/clock";
import { getSource, type DataSource } from "@/lib/sources";
import { retireSourceAction, updateSourceAction } from "../actions";
import { ActionButton } from "@/components/ui/action-button";

type Params = Promise<{ key: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `${(await params).key} · ${(await getTranslations("nav"))("dataSources")}` };
}

export default async function EditSourcePage({ params }: { params: Params }) {
  const { key } = await params;
  const { db } = await requireRole("admin", `/admin/sources/${key}`);
  const t = await getTranslations("sourcesAdmin");
  let source: DataSource;
  try {
    source = await getSource(db, key);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  return (
    <>
      <p>
        <Link href="/admin/sources">{t("back")}</Link>
      </p>
      <h1>{t("edit", { name: source.name })}</h1>
      <ClientMessages namespaces={["sources", "sourcesAdmin", "purposes", "validation"]}>
        <SourceForm mode="edit" action={updateSourceAction.bind(null, key)} initial={source} />
      </ClientMessages>
      {!source.retiredAt && (
        <ActionButton action={retireSourceAction.bind(null, key)} formClassName="spaced">
          {/* A planned source is retired on its start (retireSourceNow): it never counts. */}
          {source.activeFrom > isoDay(now()) ? t("retireBeforeStart") : t("retire")}
        </ActionButton>
      )}
    </>
  );
}
