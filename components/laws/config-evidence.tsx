import { getTranslations } from "next-intl/server";
import { getDayFormatter } from "@/i18n/day";
import { evidenceSayArgs, type ConfigEvidence } from "@/lib/laws";

/** Evidence read from the configuration (purpose catalog, consent log), not typed in. */
export async function ConfigEvidenceNote({ evidence }: { evidence: ConfigEvidence }) {
  const t = await getTranslations("laws");
  const says = await getTranslations("laws.evidenceMessages");
  const day = await getDayFormatter();
  const { said } = evidence;
  // The latest GPC signal's day in the reader's own date format.
  const shown =
    said.key === "gpcRecorded"
      ? { ...said, values: { ...said.values, last: day(said.values.last) } }
      : said;
  return (
    <p
      className={`notice${evidence.ok ? "" : " error"}`}
      data-testid="config-evidence"
      data-ok={evidence.ok}
    >
      <strong>{t("fromConfiguration")}</strong> {says(...evidenceSayArgs(shown))}
    </p>
  );
}

/** Evidence a privacy officer typed: plain text, with http(s) links made clickable. */
export function EvidenceText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <span>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} rel="noopener noreferrer" target="_blank">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </span>
  );
}
