import { ClientMessages } from "@/components/i18n/client-messages";
import { pageTitle } from "@/components/ui/page-title";
import { prefetch, Prefetched } from "@/components/ui/prefetched";
import { after } from "next/server";
import { getFormatter, getTranslations } from "next-intl/server";
import { decimalFieldText } from "@/components/ui/format";
import { ModelForm, RescoreProgress } from "@/components/profiles/model-form";
import { requireRole } from "@/lib/auth/session";
import { getCompletenessModel } from "@/lib/profiles/current-model";
import { latestRescoreJob, rescoreErrorKeys, resumeRescoreJobs } from "@/lib/profiles/model";
import { completenessModelQueryKey } from "@/lib/query-keys";
import { MatchingForm } from "@/components/identity/matching-form";
import { Table } from "@/components/ui/table";
import { readFlaggedIdentifiers } from "@/lib/identity/person";
import { openedFromAnotherSite } from "@/lib/http";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getMatchingConfig, identifierTypesInUse } from "@/lib/identity/resolve";
import { saveMatchingAction, saveModelAction } from "./actions";

export const generateMetadata = pageTitle((t) => t("nav.profileModel"));

export default async function ProfileModelPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { actor, db } = await requireRole("admin", "/admin/profiles");
  const t = await getTranslations("profilesAdmin");
  // Flagged values are customers' e-mail addresses and phones: masked unless the admin asks for
  // them here (not from a link on another site), and then the reading is audited.
  const inClear = (await searchParams).values === "shown";
  // From a link on another site they stay masked, on a page the app may refresh without asking.
  if (inClear && (await openedFromAnotherSite())) redirect("/admin/profiles");
  const [model, job, matching, typesInUse, flagged] = await Promise.all([
    getCompletenessModel(db),
    latestRescoreJob(db),
    getMatchingConfig(db),
    identifierTypesInUse(db),
    readFlaggedIdentifiers(db, actor, inClear),
  ]);
  const tp = await getTranslations("profiles");
  const format = await getFormatter();
  const kind = (type: string) =>
    tp.has(`identifierTypes.${type}` as "identifierTypes.email")
      ? tp(`identifierTypes.${type}` as "identifierTypes.email")
      : type;
  const cache = await prefetch(completenessModelQueryKey, async () => ({ model, job }));
  after(() => resumeRescoreJobs(db));
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <ClientMessages
        namespaces={["profiles", "profilesAdmin", "validation", "importMessages"]}
        only={{ importMessages: rescoreErrorKeys }}
      >
        <Prefetched state={cache}>
          <RescoreProgress />
          <ModelForm
            action={saveModelAction}
            version={model.version}
            // Weights as the reader types them: "0,5" on a German page; every digit kept.
            rows={model.attributes.map((a) => ({
              ...a,
              weight: decimalFieldText(format, a.weight, 20),
            }))}
          />
        </Prefetched>
        <h2 id="matching-title">{t("matching")}</h2>
        <p>{t("matchingIntro")}</p>
        <MatchingForm
          action={saveMatchingAction}
          types={[...new Set([...matching.types, ...typesInUse])].sort()}
          current={matching}
        />
      </ClientMessages>
      <h2 id="flagged">{t("flagged")}</h2>
      <p className="muted">{t("flaggedIntro", { max: matching.maxProfiles })}</p>
      {flagged.length > 0 && (
        <p data-testid="flagged-values">
          {inClear ? t("flaggedShown") : t("flaggedMasked")}{" "}
          <Link
            prefetch={false}
            href={inClear ? "/admin/profiles#flagged" : "/admin/profiles?values=shown#flagged"}
          >
            {inClear ? t("flaggedHide") : t("flaggedShow")}
          </Link>
        </p>
      )}
      <Table
        data-testid="flagged-identifiers"
        rows={flagged}
        rowKey={(f) => `${f.type}-${f.value}`}
        empty={t("noFlagged")}
        columns={[
          { header: t("identifierType"), cell: (f) => kind(f.type) },
          { header: t("identifierValue"), cell: (f) => <code>{f.value}</code> },
          {
            header: t("carriedBy"),
            numeric: true,
            cell: (f) => tp("profileCount", { count: f.profiles }),
          },
        ]}
      />
    </>
  );
}
