import { getTranslations } from "next-intl/server";
import { PrintButton } from "@/components/charts/lazy-chart";
import { ClientMessages } from "@/components/i18n/client-messages";
import { FiguresAsOf } from "@/components/ui/figures-as-of";
import { figuresMaxAge } from "@/lib/figures-cache";

/**
 * A dashboard's title, with the button that prints it (or saves it as PDF) charts and all, and
 * when its figures were read (dashboards whose figures a client component reads say it there).
 */
export async function DashboardTitle({ title, asOf }: { title: string; asOf?: Date[] }) {
  const t = await getTranslations("app");
  return (
    <>
      <div className="dashboard-title">
        <h1>{title}</h1>
        <PrintButton label={t("print")} />
      </div>
      {asOf && <FiguresLine asOf={asOf} />}
    </>
  );
}

/** When a server-rendered dashboard's figures were read (the oldest of `asOf`). */
export function FiguresLine({ asOf }: { asOf: Date[] }) {
  return (
    <ClientMessages namespaces={["figures"]}>
      <FiguresAsOf asOf={asOf.map((a) => a.toISOString())} maxAge={figuresMaxAge()} />
    </ClientMessages>
  );
}
