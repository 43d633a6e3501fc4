import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { DashboardTitle } from "@/components/ui/dashboard-title";
import { numberFormat } from "@/components/ui/format";
import { pageTitle } from "@/components/ui/page-title";
import { requireRole } from "@/lib/auth/session";
import { consentDefinitionValues } from "@/lib/enums";

export const generateMetadata = pageTitle((t) => t("nav.definitions"));

/**
 * The worked example of every definition (the same scenario the integration test
 * lib/metrics/consent-definitions.int.test.ts computes): numerator and denominator of each.
 */
const example = {
  "consent-rate": [2, 5],
  "opt-in-rate": [2, 6],
  "acceptance-rate": [3, 6],
} as const;

/** Each consent figure's formula, in words and with the example, in the reader's language. */
export default async function DefinitionsPage() {
  await requireRole("marketing", "/definitions");
  const t = await getTranslations("definitions");
  const tc = await getTranslations("consent");
  const { percent } = numberFormat(await getFormatter());
  return (
    <>
      <DashboardTitle title={t("title")} />
      <p className="lead">{t("intro")}</p>
      <section className="panel" aria-labelledby="example">
        <h2 id="example">{t("exampleTitle")}</h2>
        <p>{t("example")}</p>
      </section>
      {consentDefinitionValues.map((d) => {
        const [numerator, denominator] = example[d];
        return (
          <section key={d} aria-labelledby={d} data-testid={`definition-${d}`}>
            <h2 id={d}>
              {tc(`definitions.${d}`)} <code className="muted">definition={d}</code>
            </h2>
            <dl className="pairs">
              <dt>{t("formula")}</dt>
              <dd>{t(`formulas.${d}`)}</dd>
              <dt>{t("inTheExample")}</dt>
              <dd>
                {t(`examples.${d}`, {
                  numerator,
                  denominator,
                  rate: percent(numerator / denominator),
                })}
              </dd>
              <dt>{t("useIt")}</dt>
              <dd>{t(`uses.${d}`)}</dd>
            </dl>
          </section>
        );
      })}
      <section className="panel" aria-labelledby="why-higher" data-testid="why-higher">
        <h2 id="why-higher">{t("whyHigherTitle")}</h2>
        <p>
          {t("whyHigher", {
            acceptance: percent(3 / 6),
            consent: percent(2 / 5),
          })}
        </p>
      </section>
      <p>
        <Link href="/consent">{t("back")}</Link>
      </p>
    </>
  );
}
