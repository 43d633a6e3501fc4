import { getTranslations } from "next-intl/server";
import { getDayFormatter } from "@/i18n/day";
import type { ConfigEvidence } from "@/lib/laws";

/** Evidence read from the configuration (purpose catalog, consent log), not typed in. */
export async function ConfigEvidenceNote({ evidence }: { evidence: ConfigEvidence }) {
  const t = await getTranslations("laws");
  const day = await getDayFormatter();
  // Days (the latest GPC signal's) in the reader's own date format.
  const values = Object.fromEntries(
    Object.entries(evidence.values).map(([key, value]) => [
      key,
      typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? day(value) : value,
    ]),
  );
  return (
    <p
      className={`notice${evidence.ok ? "" : " error"}`}
      data-testid="config-evidence"
      data-ok={evidence.ok}
    >
      <strong>{t("fromConfiguration")}</strong>{" "}
      {/* The evidence's message and its values are made together (lib/laws); each is
          formatted in both languages by its tests. */}
      {t(`evidenceMessages.${evidence.message as "gpcNone"}`, values as never)}
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
