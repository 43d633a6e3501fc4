import { pageTitle } from "@/components/ui/page-title";
import { ClientMessages } from "@/components/i18n/client-messages";
import { DataTable } from "@/components/ui/data-table";
import type { PageSearchParams } from "@/lib/filters/core";
import { getDayFormatter } from "@/i18n/day";
import { sourceColumns } from "@/components/sources/source-columns";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PhaseOutForm } from "@/components/sources/phase-out-form";
import { requireRole } from "@/lib/auth/session";
import { isoDay, now } from "@/lib/clock";
import { getPhaseOutTarget, listSources } from "@/lib/sources";
import { setPhaseOutTargetAction } from "./actions";
import { PageHeader } from "@/components/ui/page-header";

export const generateMetadata = pageTitle((t) => t("nav.dataSources"));

export default async function SourceInventoryPage({
  searchParams,
}: {
  searchParams: PageSearchParams;
}) {
  const { db } = await requireRole("admin", "/admin/sources");
  const t = await getTranslations("sources");
  const ta = await getTranslations("sourcesAdmin");
  const today = isoDay(now());
  const day = await getDayFormatter();
  const columns = await sourceColumns(today);
  const [sources, target] = await Promise.all([listSources(db, {}, today), getPhaseOutTarget(db)]);
  return (
    <>
      <PageHeader
        title={ta("title")}
        lead={ta("intro")}
        action={{ href: "/admin/sources/new", label: ta("new") }}
      />
      <DataTable
        id="admin-sources"
        data-testid="admin-sources-table"
        rows={sources}
        params={await searchParams}
        path="/admin/sources"
        defaultSort="name"
        pageSize={50}
        findLabel={ta("find")}
        find={(s) => `${s.name} ${s.key}`}
        rowKey={(s) => s.key}
        rowProps={(s) => ({ "data-testid": `admin-source-row-${s.key}` })}
        columns={[
          {
            id: "name",
            header: t("name"),
            sort: (s) => s.name,
            cell: (s) => <Link href={`/admin/sources/${s.key}`}>{s.name}</Link>,
          },
          { id: "key", header: t("key"), sort: (s) => s.key, cell: (s) => <code>{s.key}</code> },
          columns.party,
          columns.volume,
          columns.status,
          columns.activeFrom,
          {
            id: "retiredAt",
            header: t("retiredAt"),
            sort: (s) => s.retiredAt,
            cell: (s) => (s.retiredAt ? day(s.retiredAt) : t("none")),
          },
        ]}
      />
      <ClientMessages namespaces={["sourcesAdmin", "validation"]}>
        <PhaseOutForm action={setPhaseOutTargetAction} target={target} />
      </ClientMessages>
    </>
  );
}
