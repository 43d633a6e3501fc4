import { pageTitle } from "@/components/ui/page-title";
import { ClientMessages } from "@/components/i18n/client-messages";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { ConfigEvidenceNote } from "@/components/laws/config-evidence";
import { ControlForm } from "@/components/laws/law-forms";
import { getDayFormatter } from "@/i18n/day";
import { readerLocale } from "@/i18n/locale";
import { lawShortName } from "@/lib/laws/model";
import { requireRole } from "@/lib/auth/session";
import { isoDay, now } from "@/lib/clock";
import { configEvidence, isObligationKey, listControls, listLaws } from "@/lib/laws";
import { listAuditEventsFor } from "@/lib/audit/query";
import { setControlAction } from "../../actions";
import { formatMoment } from "@/components/ui/format";

export const generateMetadata = pageTitle((t) => t("laws.editControl"));

export default async function ControlPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const { db } = await requireRole("privacy", `/laws/controls/${key}`);
  if (!isObligationKey(key)) notFound();
  const t = await getTranslations("laws");
  const format = await getFormatter();
  const today = isoDay(now());
  const [controls, laws, evidence, history] = await Promise.all([
    listControls(db),
    listLaws(db, today),
    configEvidence(db, today),
    listAuditEventsFor(db, "control", key),
  ]);
  const control = controls.find((c) => c.key === key)!;
  const requiring = laws.filter((l) => l.obligations.some((o) => o.key === key));
  const day = await getDayFormatter();
  const locale = await readerLocale();
  const german = locale === "de";
  return (
    <>
      <p>
        <Link href="/laws/obligations#controls">{t("backToObligations")}</Link>
      </p>
      <h1>{t(`obligationNames.${key}`)}</h1>
      <p className="lead">{t(`obligationHelp.${key}`)}</p>
      {evidence[key] && <ConfigEvidenceNote evidence={evidence[key]} />}
      <ClientMessages namespaces={["laws", "validation"]}>
        <ControlForm action={setControlAction.bind(null, key)} current={control} />
      </ClientMessages>
      <h2>{t("requiredBy")}</h2>
      <ul data-testid="requiring-laws">
        {requiring.map((law) => {
          const o = law.obligations.find((x) => x.key === key)!;
          return (
            <li key={law.id}>
              <strong>{lawShortName(law, locale)}</strong> ({law.jurisdictions.join(", ")})
              {o.appliesFrom && ` · ${t("appliesFrom", { date: day(o.appliesFrom) })}`}
              {o.note && ` · ${german && o.noteDe ? o.noteDe : o.note}`}
            </li>
          );
        })}
      </ul>
      <h2>{t("history")}</h2>
      {history.length === 0 ? (
        <p>{t("noHistory")}</p>
      ) : (
        <ul>
          {history.map((event) => (
            <li key={event.id}>
              {formatMoment(format, event.occurredAt)} — {event.actorLabel}:{" "}
              {t(
                `statuses.${(event.after as { status?: "not_started" } | null)?.status ?? "not_started"}`,
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
