import type { Metadata } from "next";
import { ClientMessages } from "@/components/i18n/client-messages";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { PhaseOutForm } from "@/components/sources/phase-out-form";
import { requireRole } from "@/lib/auth/session";
import { isoDay, now } from "@/lib/clock";
import { getPhaseOutTarget, listSources, sourceStatus } from "@/lib/sources";
import { setPhaseOutTargetAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("dataSources") };
}

export default async function SourceInventoryPage() {
  const { db } = await requireRole("admin", "/admin/sources");
  const t = await getTranslations("sources");
  const ta = await getTranslations("sourcesAdmin");
  const format = await getFormatter();
  const today = isoDay(now());
  const [sources, target] = await Promise.all([listSources(db, {}, today), getPhaseOutTarget(db)]);
  return (
    <>
      <h1>{ta("title")}</h1>
      <p className="lead">{ta("intro")}</p>
      <p>
        <Link className="button" href="/admin/sources/new">
          {ta("new")}
        </Link>
      </p>
      <div className="table-wrap">
        <table data-testid="admin-sources-table">
          <thead>
            <tr>
              <th scope="col">{t("name")}</th>
              <th scope="col">{t("key")}</th>
              <th scope="col">{t("party")}</th>
              <th scope="col">{t("volume")}</th>
              <th scope="col">{t("status")}</th>
              <th scope="col">{t("activeFrom")}</th>
              <th scope="col">{t("retiredAt")}</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <tr key={s.key} data-testid={`admin-source-row-${s.key}`}>
                <td>
                  <Link href={`/admin/sources/${s.key}`}>{s.name}</Link>
                </td>
                <td>
                  <code>{s.key}</code>
                </td>
                <td>{t(`parties.${s.party}`)}</td>
                <td>{format.number(s.monthlyVolume)}</td>
                <td>{t(`statuses.${sourceStatus(s, today)}`)}</td>
                <td>{s.activeFrom}</td>
                <td>{s.retiredAt ?? t("none")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ClientMessages namespaces={["sourcesAdmin", "validation"]}>
        <PhaseOutForm action={setPhaseOutTargetAction} target={target} />
      </ClientMessages>
    </>
  );
}
