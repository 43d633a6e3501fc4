import { pageTitle } from "@/components/ui/page-title";
import { ClientMessages } from "@/components/i18n/client-messages";
import { Table } from "@/components/ui/table";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { PhaseOutForm } from "@/components/sources/phase-out-form";
import { requireRole } from "@/lib/auth/session";
import { isoDay, now } from "@/lib/clock";
import { getPhaseOutTarget, listSources, sourceStatus } from "@/lib/sources";
import { setPhaseOutTargetAction } from "./actions";
import { PageHeader } from "@/components/ui/page-header";

export const generateMetadata = pageTitle("nav", "dataSources");

export default async function SourceInventoryPage() {
  const { db } = await requireRole("admin", "/admin/sources");
  const t = await getTranslations("sources");
  const ta = await getTranslations("sourcesAdmin");
  const format = await getFormatter();
  const today = isoDay(now());
  const [sources, target] = await Promise.all([listSources(db, {}, today), getPhaseOutTarget(db)]);
  return (
    <>
      <PageHeader
        title={ta("title")}
        lead={ta("intro")}
        action={{ href: "/admin/sources/new", label: ta("new") }}
      />
      <Table
        data-testid="admin-sources-table"
        rows={sources}
        rowKey={(s) => s.key}
        rowProps={(s) => ({ "data-testid": `admin-source-row-${s.key}` })}
        columns={[
          {
            header: t("name"),
            cell: (s) => <Link href={`/admin/sources/${s.key}`}>{s.name}</Link>,
          },
          { header: t("key"), cell: (s) => <code>{s.key}</code> },
          { header: t("party"), cell: (s) => t(`parties.${s.party}`) },
          { header: t("volume"), cell: (s) => format.number(s.monthlyVolume) },
          { header: t("status"), cell: (s) => t(`statuses.${sourceStatus(s, today)}`) },
          { header: t("activeFrom"), cell: (s) => s.activeFrom },
          { header: t("retiredAt"), cell: (s) => s.retiredAt ?? t("none") },
        ]}
      />
      <ClientMessages namespaces={["sourcesAdmin", "validation"]}>
        <PhaseOutForm action={setPhaseOutTargetAction} target={target} />
      </ClientMessages>
    </>
  );
}
