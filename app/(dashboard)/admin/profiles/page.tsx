import { ClientMessages } from "@/components/i18n/client-messages";
import { pageTitle } from "@/components/ui/page-title";
import { prefetch, Prefetched } from "@/components/ui/prefetched";
import { after } from "next/server";
import { getTranslations } from "next-intl/server";
import { ModelForm, RescoreProgress } from "@/components/profiles/model-form";
import { requireRole } from "@/lib/auth/session";
import { getCompletenessModel } from "@/lib/profiles/ingest";
import { latestRescoreJob, resumeRescoreJobs } from "@/lib/profiles/model";
import { completenessModelQueryKey } from "@/lib/query-keys";
import { saveModelAction } from "./actions";

export const generateMetadata = pageTitle("nav", "profileModel");

export default async function ProfileModelPage() {
  const { db } = await requireRole("admin", "/admin/profiles");
  const t = await getTranslations("profilesAdmin");
  const [model, job] = await Promise.all([getCompletenessModel(db), latestRescoreJob(db)]);
  const cache = await prefetch(completenessModelQueryKey, async () => ({ model, job }));
  after(() => resumeRescoreJobs(db));
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <ClientMessages namespaces={["profiles", "profilesAdmin", "validation"]}>
        <Prefetched state={cache}>
          <RescoreProgress />
          <ModelForm
            action={saveModelAction}
            version={model.version}
            rows={model.attributes.map((a) => ({ ...a, weight: String(a.weight) }))}
          />
        </Prefetched>
      </ClientMessages>
    </>
  );
}
