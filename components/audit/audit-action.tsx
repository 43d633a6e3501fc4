import { getTranslations } from "next-intl/server";

/**
 * An audit entry's action in the reader's words ("changed a purpose"), with the stored action
 * beside it (`purpose.update`), which is what the filter and the export use; an action without
 * words in the catalogs is shown as stored.
 */
export async function AuditAction({ action }: { action: string }) {
  const t = await getTranslations("audit.actions");
  const key = action as "purpose.create";
  return (
    <>
      {t.has(key) ? t(key) : action} <code className="muted">{action}</code>
    </>
  );
}
