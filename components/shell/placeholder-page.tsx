import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state";

type Key = "profiles";

/** A page whose capability is not built yet: its title and a plain statement of that. */
export async function PlaceholderPage({ name }: { name: Key }) {
  const t = await getTranslations("placeholder");
  return (
    <>
      <h1>{t(`${name}.title`)}</h1>
      <EmptyState title={t("notBuilt")} body={t(`${name}.body`)} badge={t(`${name}.title`)} />
    </>
  );
}
