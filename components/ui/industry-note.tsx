import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { industryFigures, type IndustryPlace } from "@/lib/industry/figures";
import { numberFormat } from "./format";

/**
 * The industry's figures beside one of the company's own (data/industry-figures.json), each with
 * its source named: "The industry: 14% of companies have a 360° view of their customers (Gartner)".
 */
export async function IndustryNote({ place }: { place: IndustryPlace }) {
  const figures = industryFigures(place);
  if (figures.length === 0) return null;
  const t = await getTranslations("industry");
  const de = (await getLocale()) === "de";
  const { percent, number } = numberFormat(await getFormatter());
  return (
    <p className="muted industry-note" data-testid={`industry-${place}`}>
      <strong>{t("label")}</strong>{" "}
      {figures
        .map(
          (f) =>
            `${f.kind === "share" ? percent(f.value, 0) : number(f.value)} ${de ? f.textDe : f.text} (${f.source})`,
        )
        .join("; ")}
    </p>
  );
}
