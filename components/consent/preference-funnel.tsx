import { getFormatter, getTranslations } from "next-intl/server";
import { numberFormat } from "@/components/ui/format";
import { Table } from "@/components/ui/table";
import type { PreferenceCenterMetrics } from "@/lib/preferences/funnel";

/**
 * The preference center's funnel on the consent dashboard (server-rendered, no client code):
 * how many customers opened and saved their page, and per purpose what the page recorded.
 */
export async function PreferenceFunnel({ metrics }: { metrics: PreferenceCenterMetrics }) {
  const t = await getTranslations("consent.funnel");
  const format = await getFormatter();
  const f = numberFormat(format);
  const day = (iso: string) =>
    format.dateTime(new Date(`${iso}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  const saveRate = metrics.views > 0 ? metrics.saves / metrics.views : null;
  return (
    <section className="panel" aria-labelledby="funnel-title" data-testid="preference-funnel">
      <h2 id="funnel-title">{t("title")}</h2>
      <p className="muted">{t("hint", { from: day(metrics.from), to: day(metrics.to) })}</p>
      <dl className="figures">
        <div>
          <dt>{t("views")}</dt>
          <dd data-testid="funnel-views">{f.number(metrics.views)}</dd>
        </div>
        <div>
          <dt>{t("saves")}</dt>
          <dd data-testid="funnel-saves">{f.number(metrics.saves)}</dd>
        </div>
        <div>
          <dt>{t("saveRate")}</dt>
          <dd>{f.percent(saveRate)}</dd>
        </div>
      </dl>
      {metrics.fetches > 0 && (
        <p className="muted" data-testid="funnel-fetches">
          {t("fetches", { count: metrics.fetches })}
        </p>
      )}
      <Table
        rows={metrics.byPurpose}
        rowKey={(p) => p.key}
        empty={t("empty")}
        rowProps={(p) => ({ "data-testid": `funnel-${p.key}` })}
        columns={[
          { header: t("purpose"), cell: (p) => p.name, rowHeader: true },
          { header: t("shown"), cell: (p) => f.number(p.shown), numeric: true },
          { header: t("granted"), cell: (p) => f.number(p.granted), numeric: true },
          { header: t("denied"), cell: (p) => f.number(p.denied), numeric: true },
        ]}
      />
    </section>
  );
}
