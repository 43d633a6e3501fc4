import { getFormatter, getTranslations } from "next-intl/server";
import type { DataColumn } from "@/components/ui/data-table";
import { getDayFormatter } from "@/i18n/day";
import { sourceStatus, type DataSource } from "@/lib/sources";
import { parties } from "@/lib/sources/schema";

/** The inventory's columns that the dashboard and the admin list both show, sortable alike. */
export async function sourceColumns(today: string) {
  const t = await getTranslations("sources");
  const format = await getFormatter();
  const day = await getDayFormatter();
  return {
    party: {
      id: "party",
      header: t("party"),
      sort: (s) => parties.indexOf(s.party),
      cell: (s) => t(`parties.${s.party}`),
    },
    volume: {
      id: "volume",
      header: t("volume"),
      numeric: true,
      sort: (s) => s.monthlyVolume,
      cell: (s) => format.number(s.monthlyVolume),
    },
    status: {
      id: "status",
      header: t("status"),
      text: (s) => t(`statuses.${sourceStatus(s, today)}`),
    },
    activeFrom: {
      id: "activeFrom",
      header: t("activeFrom"),
      sort: (s) => s.activeFrom,
      cell: (s) => day(s.activeFrom),
    },
  } satisfies Record<string, DataColumn<DataSource>>;
}
