import { getFormatter, getTranslations } from "next-intl/server";
import { numberFormat } from "@/components/ui/format";
import { Table } from "@/components/ui/table";
import type { OutdatedConsent } from "@/lib/metrics/reconsent";

/** Purposes whose edit needed fresh consent, and how many customers still hold an older grant. */
export async function OutdatedConsents({ rows }: { rows: OutdatedConsent[] }) {
  if (rows.length === 0) return null;
  const t = await getTranslations("consent.outdated");
  const f = numberFormat(await getFormatter());
  return (
    <section className="panel" aria-labelledby="outdated-title" data-testid="outdated-consents">
      <h2 id="outdated-title">{t("title")}</h2>
      <p className="muted">{t("hint")}</p>
      <Table
        rows={rows}
        rowKey={(r) => r.key}
        rowProps={(r) => ({ "data-testid": `outdated-${r.key}` })}
        columns={[
          { header: t("purpose"), cell: (r) => r.name, rowHeader: true },
          { header: t("fromVersion"), cell: (r) => f.number(r.fromVersion), numeric: true },
          {
            header: t("customers"),
            cell: (r) => f.number(r.customers),
            numeric: true,
            cellProps: () => ({ "data-testid": "outdated-customers" }),
          },
        ]}
      />
    </section>
  );
}
