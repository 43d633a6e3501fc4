import { getTranslations } from "next-intl/server";
import { PrintButton } from "@/components/charts/lazy-chart";

/** A dashboard's title, with the button that prints it (or saves it as PDF) charts and all. */
export async function DashboardTitle({ title }: { title: string }) {
  const t = await getTranslations("app");
  return (
    <div className="dashboard-title">
      <h1>{title}</h1>
      <PrintButton label={t("print")} />
    </div>
  );
}
