import Link from "next/link";
import { getTranslations } from "next-intl/server";

/**
 * Asked instead of a customer look-up opened from another site: every look-up is audited under
 * the officer's name, so another site must not be able to make their browser run one. Following
 * the link from here runs it (the request then comes from this site).
 */
export async function ConfirmLookup({
  href,
  what,
}: {
  href: string;
  what: { subjectId: string } | { query: string };
}) {
  const t = await getTranslations("consent.confirmLookup");
  return (
    <section aria-labelledby="confirm-lookup" data-testid="confirm-lookup">
      <h1 id="confirm-lookup">{t("title")}</h1>
      <p className="lead">{t("body")}</p>
      <p>
        <strong>
          {"subjectId" in what
            ? t("subject", { subjectId: what.subjectId })
            : t("search", { query: what.query })}
        </strong>
      </p>
      <p>
        <Link className="button" href={href} prefetch={false}>
          {t("open")}
        </Link>
      </p>
    </section>
  );
}
